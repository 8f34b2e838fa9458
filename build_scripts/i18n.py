"""Every generated word, month name and deadline phrase, in both languages.

Templates call :func:`t` for labels and the ``deadline_*`` functions for phrases, so the
English site never shows a Vietnamese label (agency names and plan texts aside).
"""
from __future__ import annotations

import datetime as dt
import re

from .models import Deadline

LANGS = ("vi", "en")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
ROMAN_Q = {1: "I", 2: "II", 3: "III", 4: "IV"}

LABELS = {
    "site_name": ("Chuyển đổi số: ai làm gì, hạn nào", "Digital transformation: who does what, by when"),
    "home": ("Trang chủ", "Home"),
    "plans": ("Văn bản", "Documents"),
    "agencies": ("Cơ quan", "Agencies"),
    "deadlines": ("Thời hạn", "Deadlines"),
    "as_of": ("Tình trạng tính đến ngày {date}", "Status as of {date}"),
    "as_of_today": ("; theo ngày hôm nay ({date}) trên trình duyệt này", "; recomputed for today ({date}) in this browser"),
    "lead": ("Chủ trì", "Lead"),
    "coordinators": ("Phối hợp", "Coordinating"),
    "deadline": ("Thời hạn", "Deadline"),
    "no_lead": ("Văn bản không nêu cơ quan chủ trì", "The text names no lead agency"),
    "set_by_editor": ("do biên tập viên xác định", "set by editor"),
    "from_heading": ("theo đề mục", "from the heading"),
    "permalink": ("Liên kết tới nhiệm vụ này", "Link to this task"),
    "task": ("Nhiệm vụ", "Task"),
    "tasks": ("nhiệm vụ", "tasks"),
    "plan": ("Văn bản", "Document"),
    "number": ("Số", "Number"),
    "date": ("Ngày ban hành", "Date of issue"),
    "issuer": ("Cơ quan ban hành", "Issued by"),
    "signer": ("Người ký", "Signed by"),
    "recipients": ("Nơi nhận", "Recipients"),
    "source": ("Nguồn", "Source"),
    "translation_pending": ("", "Translation pending: the English translation of this document has not been made yet. The text below is the Vietnamese original; agency names, deadlines and labels are in English."),
    "leads": ("Chủ trì", "Leads"),
    "coordinates": ("Phối hợp", "Coordinates"),
    "role_lead": ("Nhiệm vụ chủ trì", "Tasks it leads"),
    "role_coord": ("Nhiệm vụ phối hợp", "Tasks it coordinates"),
    "none": ("Không có", "None"),
    "kind": ("Loại", "Kind"),
    "aliases": ("Tên gọi khác", "Other names"),
    "count_tasks": ("Số nhiệm vụ", "Tasks"),
    "upcoming": ("Sắp đến hạn", "Upcoming deadlines"),
    "passed": ("Đã qua thời hạn", "Deadlines passed"),
    "all_deadlines": ("Lịch thời hạn", "Deadline calendar"),
    "month_page_title": ("Nhiệm vụ đến hạn tháng {m}/{y}", "Tasks due in {month} {y}"),
    "quarter_title": ("Nhiệm vụ có thời hạn theo quý", "Tasks due in a quarter"),
    "year_title": ("Nhiệm vụ có thời hạn theo năm", "Tasks due in a year"),
    "period_title": ("Nhiệm vụ theo giai đoạn", "Tasks over a period"),
    "ongoing_title": ("Nhiệm vụ thường xuyên", "Ongoing tasks"),
    "roadmap_title": ("Nhiệm vụ theo lộ trình", "Tasks following a roadmap"),
    "none_title": ("Nhiệm vụ không nêu thời hạn", "Tasks with no deadline stated"),
    "other_deadlines": ("Thời hạn khác", "Other deadlines"),
    "count_plans": ("văn bản", "documents"),
    "count_agencies": ("cơ quan", "agencies"),
    "intro_home": ("Trang này cho biết mỗi cơ quan phải làm gì, đến khi nào, theo văn bản nào, trong các kế hoạch chuyển đổi số của Việt Nam. Mọi nội dung được tạo ra từ chính văn bản.",
                   "This site tells what each agency must do, by when, under which plan, in Vietnam's digital-transformation plans. Everything here is generated from the documents' own texts."),
    "open_data": ("Dữ liệu mở", "Open data"),
    "open_data_text": ("Toàn bộ dữ liệu: {links}.", "All data: {links}."),
    "without_lead_title": ("Nhiệm vụ không nêu cơ quan chủ trì", "Tasks that name no lead agency"),
    "phase": ("Giai đoạn", "Phase"),
    "section": ("Mục", "Section"),
    "preamble": ("Căn cứ", "Preamble"),
    "footnotes": ("Chú thích", "Notes"),
    "editor_note": ("Ghi chú của biên tập viên", "Editor's note"),
    "unreadable": ("Chỗ đọc chưa chắc chắn", "Uncertain reading"),
    "task_id": ("Số hiệu nhiệm vụ trên trang này", "The task's label on this site"),
    "copy_link": ("Sao chép liên kết", "Copy link"),
    "link_copied": ("Đã sao chép", "Copied"),
    "provenance_title": ("Nguồn", "Source"),
    "provenance_issued": ("{doc} do {issuer} ban hành ngày {date}.", "{doc} was issued by {issuer} on {date}."),
    "provenance_unofficial": ("Trang này là bản hợp nhất không chính thức, được tạo tự động từ văn bản đó; khi cần trích dẫn chính thức, xin dùng bản gốc.",
                              "This page is an unofficial consolidation, generated from that text; for an official citation, use the original."),
    "provenance_restored": ("Văn bản được khôi phục từ bản OCR đã mất dấu; chỗ đọc chưa chắc chắn có đánh dấu.",
                            "The text was restored from an OCR copy that had lost its diacritics; uncertain readings are marked."),
    "provenance_vi_only": ("", "The English translation of this document has not been made yet: the text below is the Vietnamese original."),
    "provenance_translation": ("", "The English is this site's translation, not an official one."),
    "source_files": ("Tệp nguồn:", "Source files:"),
    "edit_text": ("Sửa văn bản này", "Edit this text"),
    "edit_line": ("dòng {n}", "line {n}"),
    "edit_generated": ("Trang này được tạo từ các văn bản: sửa một nhiệm vụ ở văn bản nguồn của nó (liên kết cuối trang văn bản). Mẫu trang:",
                       "This page is generated from the documents: fix a task in its document's source (the link at the end of the document's page). Page template:"),
    "glossary": ("Thuật ngữ", "Glossary"),
    "meta_plan": ("{n} nhiệm vụ: cơ quan chủ trì, phối hợp và thời hạn của từng nhiệm vụ.", "{n} {n|task|tasks}, each with its lead agency, coordinating agencies and deadline."),
    "parallel_short": ("Song ngữ", "Parallel text"),
    "parallel_title": ("{doc}: song ngữ Việt – Anh", "{doc}: Vietnamese and English side by side"),
    "parallel_intro": ("Văn bản và bản dịch tiếng Anh, từng đoạn một. [Trở lại văn bản]({vi}).",
                       "The text and its English translation, block by block. [Back to the document]({vi})."),
    "parallel_link": ("Xem song ngữ Việt – Anh", "Vietnamese and English side by side"),
    "no_english": ("(chưa có bản dịch)", "(not translated yet)"),
    "closing_part": ("Phần cuối", "Closing"),
    "glossary_title": ("Thuật ngữ và chữ viết tắt", "Glossary and abbreviations"),
    "glossary_intro": ("Một bảng thuật ngữ cho mọi văn bản: mỗi thuật ngữ có một cách dịch tiếng Anh, dùng thống nhất trong bản dịch. Chữ viết tắt trong văn bản liên kết tới dòng của nó ở đây. Tên cơ quan ở trang Cơ quan.",
                       "One glossary for every document: each term has one English rendering, used throughout the translations. Abbreviations in the texts link to their row here. Agency names are on the Agencies pages."),
    "glossary_vi": ("Tiếng Việt", "Vietnamese"),
    "glossary_en": ("Tiếng Anh", "English"),
    "glossary_abbr": ("Viết tắt", "Abbreviation"),
    "glossary_note": ("Ghi chú", "Note"),
    "notes_title": ("Ghi chú của người biên tập", "Editor's notes"),
    "back_to_text": ("Trở lại chỗ ghi chú trong văn bản", "Back to the place in the text"),
    "in_plan": ("trong", "in"),
    "why": ("Lý do biên tập viên xác định", "Why the editor set it"),
    "months_with": ("Tháng có thời hạn", "Months with deadlines"),
    "az": ("Cơ quan từ A đến Z", "Agencies A–Z"),
    "sub_item": ("mục", "item"),
    "status": ("Tình trạng", "Status"),
    "total": ("Tổng", "Total"),
    "no_tasks": ("Không có nhiệm vụ.", "No tasks."),
    "see_also": ("Xem thêm", "See also"),
    "appendix": ("Phụ lục", "Appendix"),
    "calendar_link": ("Thêm các thời hạn vào lịch (.ics)", "Add these deadlines to a calendar (.ics)"),
    "citations": ("Trích dẫn", "Citations"),
    "search_title": ("Tìm kiếm", "Search"),
    "page_contents": ("Nội dung trang này", "On this page"),
    # the task explorer (tasks/, templates/tasks.md.j2, docs/assets/javascripts/explorer.js)
    "explorer": ("Nhiệm vụ", "Tasks"),
    "explorer_title": ("Tra cứu nhiệm vụ", "Task explorer"),
    "explorer_intro": ("Mọi nhiệm vụ của mọi văn bản trong một bảng: lọc theo cơ quan, vai trò, văn bản, tình trạng và thời hạn, sắp xếp, rồi tải về phần đã chọn (CSV). Địa chỉ của trang giữ bộ lọc, nên có thể gửi cho người khác.",
                       "Every task of every document in one table: filter by agency, role, document, status and deadline, sort, and download the selection (CSV). The page's address keeps the filters, so a view can be shared."),
    "explorer_needs_js": ("Bảng lọc cần JavaScript. Không có JavaScript, mọi nhiệm vụ vẫn có ở trang của từng văn bản, cơ quan và tháng, và trong tệp {csv}.",
                          "The explorer needs JavaScript. Without it, every task is still listed on the page of its document, agency and month, and in the file {csv}."),
    "f_agency": ("Cơ quan", "Agency"),
    "f_any_agency": ("Mọi cơ quan", "Any agency"),
    "f_groups": ("kể cả nhiệm vụ giao cho nhóm có cơ quan này", "including tasks given to a group it belongs to"),
    "f_role": ("Vai trò", "Role"),
    "f_role_any": ("Chủ trì hoặc phối hợp", "Lead or coordinating"),
    "f_document": ("Văn bản", "Document"),
    "f_document_hint": ("số hoặc tên; trống: mọi văn bản", "number or title; empty: any"),
    "f_no_document": ("Không có văn bản này; đang hiện mọi văn bản.", "No such document; showing every document."),
    "f_status": ("Tình trạng", "Status"),
    "f_kind": ("Loại thời hạn", "Kind of deadline"),
    "f_any_kind": ("Mọi loại", "Any kind"),
    "f_from": ("Hạn từ ngày", "Due from"),
    "f_to": ("đến ngày", "to"),
    "f_text": ("Có chữ", "Containing"),
    "f_text_hint": ("có hay không có dấu", "with or without diacritics"),
    "f_sort": ("Sắp xếp", "Sort by"),
    "sort_deadline": ("Thời hạn, sớm trước", "Deadline, earliest first"),
    "sort_deadline_desc": ("Thời hạn, muộn trước", "Deadline, latest first"),
    "sort_document": ("Văn bản và vị trí trong văn bản", "Document and place in it"),
    "sort_lead": ("Cơ quan chủ trì", "Lead agency"),
    "f_next_30": ("30 ngày tới", "Next 30 days"),
    "f_next_90": ("90 ngày tới", "Next 90 days"),
    "f_passed": ("Đã qua hạn", "Passed"),
    "f_clear": ("Bỏ mọi bộ lọc", "Clear all filters"),
    "f_csv": ("Tải về phần đã chọn (CSV)", "Download the selection (CSV)"),
    "f_count": ("{m} trên {n} nhiệm vụ", "{m} of {n} {n|task|tasks}"),
    "f_count_partial": ("Ít nhất {m} trên {n} nhiệm vụ (mới tìm trong {k} nhiệm vụ)", "At least {m} of {n} {n|task|tasks} ({k} searched so far)"),
    "f_search_more": ("Tìm tiếp", "Search further"),
    "f_loading": ("Đang tải…", "Loading…"),
    "f_csv_wait": ("Đang chuẩn bị tệp CSV…", "Preparing the CSV…"),
    "f_sort_gate": ("Để sắp xếp theo cơ quan chủ trì, cần tải cả {m} nhiệm vụ đã chọn (khoảng {mb} MB). Có thể thu hẹp bộ lọc, hoặc:",
                    "Sorting by lead agency needs all {m} selected tasks (about {mb} MB). Narrow the filters, or:"),
    "f_sort_go": ("Tải và sắp xếp", "Load and sort"),
    "f_none": ("Không có nhiệm vụ nào khớp bộ lọc.", "No task matches the filters."),
    "f_more": ("Hiện thêm {k}", "Show {k} more"),
    "f_quick": ("Lọc nhanh", "Quick filters"),
    "f_all": ("Tất cả", "All"),
    "f_shown": ("Đang hiện {m} trên {n} nhiệm vụ", "Showing {m} of {n} {n|task|tasks}"),
    "f_open_explorer": ("Mở các nhiệm vụ này trong bảng tra cứu", "Open these tasks in the explorer"),
    "f_via": ("Qua nhóm", "Through a group"),
    "nf_title": ("Không tìm thấy trang (404)", "Page not found (404)"),
    "nf_intro": ("Trang này không có địa chỉ bạn vừa mở. Có thể địa chỉ bị gõ sai hoặc trang đã được đổi chỗ. Mọi văn bản, nhiệm vụ và cơ quan vẫn có ở các trang dưới đây, hoặc tìm theo từ:",
                 "The site has no page at the address you opened. The address may be mistyped, or the page may have moved. Every document, task and agency is still reachable from the pages below, or search for a word:"),
    "search_intro": ("Tìm trong mọi văn bản, nhiệm vụ và cơ quan của trang, có hay không có dấu. Lọc kết quả theo loại, văn bản và tình trạng; địa chỉ của trang giữ từ cần tìm và bộ lọc, nên có thể gửi cho người khác.",
                     "Search every document, task and agency of the site, with or without diacritics. Filter the results by kind, document and status; the page's address keeps the query and the filters, so it can be shared."),
    "search_submit": ("Tìm", "Search"),
    "search_needs_js": ("Kết quả tìm kiếm cần JavaScript. Không có JavaScript, mọi nhiệm vụ vẫn có trong các mục Văn bản, Cơ quan và Thời hạn.",
                        "Search results need JavaScript. Without it, every task is still listed under Documents, Agencies and Deadlines."),
    "citations_title": ("Văn bản được trích dẫn", "Cited documents"),
    "citations_intro": ("Mọi văn bản được các văn bản trên trang này nhắc đến, kèm liên kết tới từng đoạn trích dẫn. Văn bản có trên trang này được liên kết tới trang của nó.",
                        "Every document that the documents on this site cite, with links to each citing paragraph. Documents on this site link to their page."),
    "cited_document": ("Văn bản", "Document"),
    # as the citing text prints them (Vietnamese on both sites): "ngày 22/12/2024, của Bộ Chính trị: ..."
    "cited_dated": ("ngày", "ngày"),
    "cited_of": ("của", "của"),
    "cited_by": ("Được trích dẫn tại", "Cited by"),
    "col_task": ("Nhiệm vụ", "Task"),
    "col_lead": ("Cơ quan chủ trì", "Lead agency"),
    "col_coord": ("Cơ quan phối hợp", "Coordinating agencies"),
    "col_output": ("Sản phẩm đầu ra", "Output"),
    "col_deadline": ("Thời hạn hoàn thành", "Deadline"),
    "agency_summary": ("Chủ trì {lead} nhiệm vụ, phối hợp {coord} nhiệm vụ, và {via} nhiệm vụ giao cho các nhóm cơ quan có cơ quan này.",
                       "Leads {lead} {lead|task|tasks} and coordinates {coord}; {via} more {via|is|are} given to groups it belongs to."),
    "role_via": ("Nhiệm vụ giao cho nhóm có cơ quan này", "Tasks given to a group it belongs to"),
    "role_via_intro": ("Các nhiệm vụ này giao cho một nhóm cơ quan (\"Các bộ, ngành, địa phương\", ...) mà cơ quan này là thành viên; cột cuối nêu nhóm và vai trò của nhóm.",
                       "These tasks are given to a group of agencies (\"ministries, sectors and localities\", ...) that this agency belongs to; the last column names the group and its role."),
    "as_one_of": ("Là thành viên của", "As one of"),
    "role_word_lead": ("chủ trì", "lead"),
    "role_word_coordinate": ("phối hợp", "coordinating"),
    "members": ("Thành viên", "Members"),
    "members_unknown": ("Các văn bản không nêu nhóm này gồm những cơ quan nào.", "The documents do not say which agencies this group is made of."),
    "about_agency": ("Thông tin", "About"),
    "vi_name": ("Tên tiếng Việt", "Vietnamese name"),
    "en_name": ("Tên tiếng Anh", "English name"),
    "formed_from": ("Hợp nhất từ (2025)", "Formed in 2025 from"),
    "member_of": ("Thuộc các nhóm", "Member of"),
    "provinces_title": ("34 tỉnh, thành phố trực thuộc Trung ương", "The 34 provinces and centrally run cities"),
    "provinces_intro": ("Các đơn vị hành chính cấp tỉnh theo Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội. Mỗi đơn vị nhận các nhiệm vụ giao cho \"các tỉnh, thành phố\", \"Uỷ ban nhân dân các tỉnh\", \"các địa phương\", \"các tỉnh uỷ, thành uỷ\" và các nhiệm vụ nêu tên đơn vị đó.",
                        "The provincial-level units arranged by Resolution 202/2025/QH15 of the National Assembly (12 June 2025). Each receives the tasks given to \"the provinces and cities\", \"the provincial People's Committees\", \"the localities\", \"the provincial Party Committees\", and the tasks that name it."),
    "provinces_cities": ("Thành phố trực thuộc Trung ương", "Centrally run cities"),
    "provinces_provinces": ("Tỉnh", "Provinces"),
    "province_unit": ("Đơn vị", "Unit"),
    "via_group_short": ("Qua nhóm", "Through a group"),
    "not_merged": ("Không sắp xếp", "Unchanged"),
    "agencies_by_kind": ("Cơ quan theo loại", "Agencies by kind"),
    "agencies_without_tasks": ("Không có nhiệm vụ", "No tasks"),
    "agencies_without_tasks_intro": ("Có trong danh mục cơ quan nhưng không văn bản nào giao nhiệm vụ, kể cả qua nhóm:",
                                     "In the registry, but no document gives them a task, not even through a group:"),
    # the deadline timeline (templates/_timeline.md.j2)
    "timeline_title": ("Nhiệm vụ đến hạn theo tháng", "Tasks due, month by month"),
    "timeline_desc": ("Biểu đồ cột: số nhiệm vụ đến hạn trong từng tháng, từ {first} đến {last}. Mỗi cột xếp các tình trạng từ dưới lên theo thứ tự của chú giải: {order}.",
                      "Bar chart: the number of tasks due in each month, from {first} to {last}. Each bar stacks the statuses from the bottom up, in the legend's order: {order}."),
    "timeline_month": ("{month}: {n} nhiệm vụ ({parts})", "{month}: {n} {n|task|tasks} ({parts})"),
    "timeline_other_months": ("Các tháng khác không có nhiệm vụ.", "No task is due in the other months."),
    "timeline_once": ("Mỗi nhiệm vụ được tính một lần trong một tháng.", "A task counts once in a month."),
    "timeline_table": ("Bảng số liệu của biểu đồ", "The chart's numbers as a table"),
    "timeline_caption": ("Số nhiệm vụ đến hạn theo tháng và tình trạng", "Tasks due per month, by status"),
    "timeline_month_col": ("Tháng", "Month"),
    "timeline_none": ("Không nhiệm vụ nào của cơ quan này có thời hạn là một ngày hay một tháng cụ thể.",
                      "None of this agency's tasks is due on a given day or in a given month."),
    "pattern_passed": ("gạch chéo", "diagonal hatching"),
    "pattern_due-soon": ("chấm", "dots"),
    "pattern_upcoming": ("nền trơn", "plain"),
    "pattern_ongoing": ("kẻ ngang", "horizontal lines"),
    "pattern_undated": ("kẻ ô", "cross-hatching"),
    # listings cut into pages (pages/listing.py, the pager in _macros.md.j2)
    "calendar_groups": ("Nhiệm vụ giao cho các nhóm có cơ quan này nằm trong lịch của từng nhóm:",
                        "The tasks given to the groups it belongs to are in each group's calendar:"),
    "pager_label": ("Các trang của danh sách", "Pages of this list"),
    "pager_rows": ("Mục {first}–{last} trong {total}", "Items {first}–{last} of {total}"),
    "pager_page": ("trang {n}/{count}", "page {n} of {count}"),
    "pager_prev": ("Trang trước", "Previous page"),
    "pager_next": ("Trang sau", "Next page"),
    "pager_go": ("Trang {n}", "Page {n}"),
    "continued": ("tiếp theo", "continued"),
    # a long document on several pages (pages/parts.py, doc_parts in _macros.md.j2)
    "doc_parts_label": ("Các trang của văn bản", "Pages of this document"),
    "doc_parts_pager_label": ("Trang trước, trang sau của văn bản", "Previous and next page of this document"),
    "doc_parts_title": ("Văn bản dài được chia thành {n} trang, theo thứ tự:",
                        "This document is long: it is shown on {n} pages, in order:"),
    "part_of": ("Trang này là một phần của văn bản. Số, ngày, cơ quan ban hành, nguồn và phần căn cứ ở [trang 1]({doc}).",
                "This page is part of the document. Its number, date, issuer, sources and preamble are on [page 1]({doc})."),
    "undated_year": ("Không có thời hạn cụ thể", "No dated deadline"),
    "by_year": ("Nhiệm vụ theo năm đến hạn", "Tasks by the year they fall due"),
    "by_year_intro": ("Cơ quan này có nhiều nhiệm vụ: mỗi năm một trang, gồm các nhiệm vụ chủ trì và phối hợp có thời hạn trong năm đó.",
                      "This agency has many tasks: each year has a page of its own, with the tasks it leads and coordinates that fall due that year."),
    "year_col": ("Năm", "Year"),
    "total_col": ("Tổng", "Total"),
    "agency_year_title": ("{agency}: nhiệm vụ đến hạn năm {year}", "{agency}: tasks due in {year}"),
    "agency_undated_title": ("{agency}: nhiệm vụ không có thời hạn cụ thể", "{agency}: tasks with no dated deadline"),
    "agency_year_back": ("Mọi nhiệm vụ của {agency}, theo năm", "All tasks of {agency}, by year"),
    "next_due": ("Sắp đến hạn", "Falling due next"),
    "next_due_intro": ("{n} nhiệm vụ chủ trì hoặc phối hợp có thời hạn gần nhất chưa qua.", "The {n} {n|task|tasks} it leads or coordinates whose deadlines come next."),
    "role_col": ("Vai trò", "Role"),
    "via_groups_intro": ("Cơ quan này còn nhận các nhiệm vụ giao cho những nhóm cơ quan sau. Mỗi nhiệm vụ được liệt kê một lần, trên trang của nhóm.",
                         "This agency also receives the tasks given to these groups of agencies. Each task is listed once, on the group's page."),
    "group_col": ("Nhóm", "Group"),
    "plans_by_year": ("Văn bản theo năm ban hành", "Documents by year of issue"),
    "plans_newest": ("Văn bản mới nhất", "Newest documents"),
    "plans_year_title": ("Văn bản ban hành năm {year}", "Documents issued in {year}"),
    "count_docs": ("Số văn bản", "Documents"),
    "cited_places": ("{n} nơi trích dẫn", "cited in {n} places"),
    "cited_page_title": ("Nơi trích dẫn {number}", "Where {number} is cited"),
    "cited_page_back": ("Mọi văn bản được trích dẫn", "All cited documents"),
    "agencies_index_intro": ("Mọi cơ quan và nhóm cơ quan mà các văn bản giao nhiệm vụ. Xem thêm [34 tỉnh, thành phố]({provinces}).",
                             "Every agency and group of agencies the documents give tasks to. See also [the 34 provinces and cities]({provinces})."),
}

KIND_LABELS = {
    "plan": ("Kế hoạch", "Plan"), "conclusion": ("Thông báo kết luận", "Conclusion notice"),
    "decision": ("Quyết định", "Decision"),
}
# Kinds of the documents the texts cite, as printed before a number ("Nghị quyết số 57-NQ/TW").
CITED_KINDS = {
    "Nghị quyết": "Resolution", "Quyết định": "Decision", "Kế hoạch": "Plan", "Kết luận": "Conclusion",
    "Thông báo kết luận": "Conclusion notice", "Thông báo": "Notice", "Nghị định": "Decree", "Chỉ thị": "Directive",
    "Quy định": "Regulation", "Quy chế làm việc": "Working regulations", "Quy chế": "Regulations", "Luật": "Law", "Thông tư": "Circular", "Công văn": "Official letter", "Hướng dẫn": "Guidance",
    "Chương trình": "Programme", "Đề án": "Project", "Văn bản": "Document", "Tờ trình": "Submission", "Báo cáo": "Report",
}


def cited_kind(kind: str, lang: str) -> str:
    """``'Nghị quyết'`` -> ``'Resolution'`` on the English site (as printed otherwise)."""
    if lang == "vi" or not kind:
        return kind
    for vi, en in CITED_KINDS.items():
        if kind.lower() == vi.lower():
            return en
    return kind


AGENCY_KIND_LABELS = {
    "party-body": ("Cơ quan đảng", "Party body"), "party-committee": ("Đảng uỷ", "Party committee"),
    "steering-committee": ("Ban chỉ đạo", "Steering committee"), "legislature": ("Quốc hội", "Legislature"),
    "government": ("Chính phủ", "Government"), "ministry": ("Bộ, ngành", "Ministry"),
    "government-agency": ("Cơ quan thuộc Chính phủ", "Government agency"), "court": ("Toà án", "Court"),
    "ministerial-agency": ("Cơ quan ngang bộ", "Ministerial-level agency"),
    "ministry-unit": ("Cơ quan thuộc bộ", "Agency under a ministry"), "state-body": ("Cơ quan nhà nước", "State body"),
    "province": ("Đơn vị hành chính cấp tỉnh", "Provincial-level unit"),
    "procuracy": ("Viện kiểm sát", "Procuracy"), "audit": ("Kiểm toán", "Audit"),
    "front": ("Mặt trận Tổ quốc", "Fatherland Front"), "mass-organisation": ("Đoàn thể", "Mass organisation"),
    "media": ("Báo chí, truyền thông", "Media"), "enterprise": ("Doanh nghiệp", "Enterprise"),
    "locality": ("Địa phương", "Locality"), "locality-group": ("Nhóm địa phương", "Group of localities"),
    "group": ("Nhóm cơ quan", "Group of agencies"),
}
# Kinds of deadline (models.Deadline.kind), for the explorer's filter.
DEADLINE_KIND_LABELS = {
    "date": ("Ngày cụ thể", "A date"), "month": ("Tháng", "A month"), "quarter": ("Quý", "A quarter"),
    "year": ("Năm", "A year"), "period": ("Giai đoạn", "A period"), "ongoing": ("Thường xuyên", "Ongoing"),
    "roadmap": ("Theo lộ trình", "Following a roadmap"), "none": ("Không nêu thời hạn", "No deadline stated"),
}
STATUS_LABELS = {
    "passed": ("Đã qua thời hạn", "Deadline passed"),
    "due-soon": ("Đến hạn trong 30 ngày", "Due within 30 days"),
    "upcoming": ("Chưa đến hạn", "Upcoming"),
    "ongoing": ("Đang thực hiện", "Ongoing"),
    "undated": ("Không có ngày cụ thể", "No fixed date"),
}


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def t(key: str, lang: str, **kw) -> str:
    """The label in ``lang``; ``{n|task|tasks}`` is the singular when ``n`` is 1, else the plural.

    >>> t("agency_summary", "en", lead=1, coord=2, via=0)
    'Leads 1 task and coordinates 2; 0 more are given to groups it belongs to.'
    """
    vi, en = LABELS[key]
    s = vi if lang == "vi" else en
    if kw:
        s = _PLURAL.sub(lambda m: m.group(2) if kw.get(m.group(1)) == 1 else m.group(3), s)
    return s.format(**kw) if kw else s


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def format_date(d: dt.date, lang: str) -> str:
    """``date(2026, 4, 30)`` -> ``'30/4/2026'`` / ``'30 April 2026'``."""
    if lang == "vi":
        return f"{d.day}/{d.month}/{d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def month_name(key: str, lang: str) -> str:
    """``'2026-04'`` -> ``'tháng 4/2026'`` / ``'April 2026'``."""
    y, m = map(int, key.split("-"))
    return f"tháng {m}/{y}" if lang == "vi" else f"{MONTHS_EN[m - 1]} {y}"


def month_short(key: str, lang: str) -> str:
    """``'2026-04'`` -> ``'T4'`` / ``'Apr'``: a month on a chart's axis (the year apart)."""
    m = int(key[5:7])
    return f"T{m}" if lang == "vi" else MONTHS_EN[m - 1][:3]


def deadline_text(d: Deadline, lang: str) -> str:
    """The deadline as a reader-facing phrase, never more precise than the source.

    ``date`` -> "Hạn: 30/4/2026" / "Due 30 April 2026"; ``month`` -> "Hạn: tháng 4/2026" /
    "Due in April 2026"; ``ongoing`` -> "Nhiệm vụ thường xuyên" / "Ongoing task".
    """
    vi = lang == "vi"
    k, v = d.kind, d.value
    if d.qualifier == "phase":
        end = {"date": lambda: format_date(dt.date.fromisoformat(v), lang), "month": lambda: month_name(v, lang)}.get(k, lambda: v)()
        return f"Trong giai đoạn, hạn {end}" if vi else f"Within the phase ending {end}"
    if k == "date":
        day = dt.date.fromisoformat(v)
        return f"Hạn: {format_date(day, 'vi')}" if vi else f"Due {format_date(day, 'en')}"
    if k == "month":
        return f"Hạn: {month_name(v, 'vi')}" if vi else f"Due in {month_name(v, 'en')}"
    if k == "quarter":
        y, q = v.split("-Q")
        return f"Hạn: Quý {ROMAN_Q[int(q)]}/{y}" if vi else f"Due in Q{q} {y}"
    if k == "year":
        return f"Hạn: năm {v}" if vi else f"Due in {v}"
    if k == "period":
        a, b = v.split("/")
        if b == "..":
            a_txt = month_name(a, lang) if len(a) > 4 else a
            return f"Thực hiện từ {a_txt}" if vi else f"From {a_txt}"
        return f"Giai đoạn {a}–{b}" if vi else f"Period {a}–{b}"
    if k == "ongoing":
        if d.until:
            return f"Thường xuyên, đến năm {d.until}" if vi else f"Ongoing, until {d.until}"
        if "tiếp tục" in d.phrase:
            return "Tiếp tục trong các năm tiếp theo" if vi else "Continues in the following years"
        return "Nhiệm vụ thường xuyên" if vi else "Ongoing task"
    if k == "roadmap":
        of = d.phrase.lower()
        if "dự án" in of:
            return "Theo lộ trình của Dự án" if vi else "As the Project's roadmap sets"
        if "đề án" in of:
            return "Theo lộ trình của Đề án" if vi else "As the Scheme's roadmap sets"
        if "thẩm quyền" in of:
            return "Theo lộ trình được cấp có thẩm quyền giao" if vi else "As the roadmap set by the competent authority"
        return "Theo lộ trình" if vi else "As the roadmap sets"
    return "Không nêu thời hạn" if vi else "No deadline stated"


def status_of(d: Deadline, as_of: dt.date) -> str:
    """passed | due-soon | upcoming | ongoing | undated, against the as-of date."""
    last = d.last_day()
    if d.kind in ("roadmap", "none"):
        return "undated"
    if d.kind == "ongoing":
        return "passed" if last and last < as_of else "ongoing"
    if d.kind == "period":
        first = d.first_day()
        if last and last < as_of:
            return "passed"
        if first and first > as_of:
            return "upcoming"
        return "ongoing"
    if last < as_of:
        return "passed"
    if (last - as_of).days <= 30:
        return "due-soon"
    return "upcoming"
