"""A document's headings and table labels in the reader's language, from the glossary's data."""

from __future__ import annotations

from chat.glossary import label_for


def test_an_english_documents_labels_are_shown_to_a_chinese_reader_in_their_script() -> None:
    assert label_for("Age", "en", "zh-Hans") == "年龄"
    assert label_for("Age at entry", "en", "zh-Hant") == "投保年齡"
    assert label_for("Waiting periods", "en", "zh-Hant") == "等候期", "a plural is read as its singular"
    assert label_for("Hospital", "en", "zh-Hans") == "医院", "a label before a term of the same English"
    # What a label is of, in brackets, is kept as written.
    assert (
        label_for("Annual premiums (HK$, deductible HK$0)", "en", "zh-Hans")
        == "年保费 (HK$, deductible HK$0)"
    )


def test_a_label_the_glossary_cannot_render_whole_is_quoted_as_written() -> None:
    assert label_for("Standard", "en", "zh-Hant") is None
    assert label_for("Overall annual limit", "en", "zh-Hans") is None
    assert label_for("Age", "en", "en") is None and label_for("年齡", "zh-Hant", "zh-Hans") is None
    assert label_for("保障項目", "zh-Hant", "en") == "Benefit"
