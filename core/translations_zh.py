"""简体中文 translations of the interface: {English text: Chinese text}. Placeholders like {epoch} stay as they are.

Filled from the list `tests/test_i18n.py` prints when a string is missing. Keep entries sorted by topic.
"""

ZH: dict[str, str] = {
    # app shell
    "Home": "首页",
    "Language": "语言",
}
