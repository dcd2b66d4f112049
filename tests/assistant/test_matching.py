"""Profile matching (政策找人): the hand-checked profiles, the rules, the CLI command."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from assistant.errors import InputError
from assistant.matching import judge, match
from assistant.profile import NO, UNKNOWN, YES, Profile, vocabulary
from assistant.profile_commands import match_command
from assistant.settings import SHIPPED_CORPUS
from evals.profile_eval import PROFILES, evaluate, format_report, load
from ingest.pipeline import parse_paths


@pytest.fixture(scope="module")
def documents():
    return parse_paths([SHIPPED_CORPUS]).documents


@pytest.fixture(scope="module")
def measures(documents):
    return {m.key: m for d in documents for m in d.measures}


def _keys(items):
    return {item.key for item in items}


def test_hand_checked_profiles_reach_the_target(documents):
    cases = load(PROFILES)
    assert len(cases) >= 15 and all(c.match or c.id == "jn_uncovered" for c in cases)
    report = evaluate(cases, documents)
    print("\n" + format_report(report))
    assert report.precision >= 0.85 and report.recall >= 0.85
    assert not any(s.explicit_negatives_matched for s in report.profiles)


def test_the_profiles_file_names_only_real_measures_of_the_profiles_place(documents, measures):
    for case in load(PROFILES):
        result = match(case.profile, documents)
        region = {m.key for d in documents if d.doc_id in result.documents for m in d.measures}
        listed = case.match | case.confirm | case.not_match
        assert listed <= set(measures), case.id
        assert listed <= region, case.id
        assert not (case.match & case.not_match or case.match & case.confirm), case.id


def test_the_issue_example(documents):
    result = match(Profile(city="聊城", size="小微", flags=("新开办", "外贸")), documents,
                   as_of=date(2024, 1, 1))
    assert result.place == "聊城市"
    assert set(result.documents) == {"liaocheng_2020_measures", "liaocheng_2022_action_plan"}
    items = {item.key: item for item in result.matched}
    guarantee = items["liaocheng_2020_measures:39"]  # 担保费率不超过1%
    assert guarantee.topic == "加大企业融资支持力度"
    assert guarantee.citation == "《关于持续深入优化营商环境加快推进政府职能转变的若干措施》" \
                                 "（聊政字〔2020〕25号）第39条"
    assert "小微企业" in [r.phrase for r in guarantee.reasons]
    assert all(r.quote in guarantee_text(documents, guarantee.key) for r in guarantee.reasons)
    assert any("1%" in g for g in guarantee.grants)
    assert guarantee.lead_offices == ("市地方金融监管局",)
    assert guarantee.status.state == "in_force"
    new = items["liaocheng_2020_measures:1"]
    assert [r.phrase for r in new.reasons][0] == "新开办企业"
    assert {"刻制费用由同级财政承担", "免费赠送税控设备"} <= set(new.grants)
    assert "liaocheng_2022_action_plan:57" in items  # 出口退税 即时办理 → 外贸
    # Conditions the profile leaves open are listed apart, with what to confirm.
    confirm = {item.key: item for item in result.to_confirm}
    assert "纳税信用是否为A级" in confirm["liaocheng_2020_measures:15"].questions
    assert "是否为高新技术企业" in confirm["liaocheng_2022_action_plan:166"].questions
    assert not _keys(result.matched) & _keys(result.to_confirm)


def guarantee_text(documents, key):
    return next(m.text for d in documents for m in d.measures if m.key == key)


def test_flags_are_three_valued(measures):
    hightech = measures["liaocheng_2022_action_plan:166"]  # 高新技术企业 50% 城镇土地使用税
    assert judge(hightech, Profile(city="聊城", flags=("高新",)).normalised()).state == YES
    assert judge(hightech, Profile(city="聊城").normalised()).state == UNKNOWN
    assert judge(hightech, Profile(city="聊城", without=("高新技术企业",)).normalised()).state == NO
    loan = measures["liaocheng_2020_measures:38"]  # 小微企业 贷款不超过11天
    assert judge(loan, Profile(size="小型").normalised()).state == YES
    assert judge(loan, Profile(size="大型").normalised()).state == NO
    assert judge(loan, Profile().normalised()).state == UNKNOWN


def test_grants_naming_no_one_match_every_profile_and_others_do_not_grant(measures):
    anyone = Profile(size="大型", without=("新开办", "外贸")).normalised()
    # 由地方政府承担, 不得由市场主体承担 / a 5-working-day time limit for every user.
    for key in ("liaocheng_2020_measures:8", "liaocheng_2020_measures:32",
                "liaocheng_2022_action_plan:146", "yongji_2022_business_plan:31"):
        assert judge(measures[key], anyone).state == YES, key
    # A network-wide average outage target, money to banks, a benefit for employees.
    for key in ("liaocheng_2022_action_plan:37", "liaocheng_2022_action_plan:70",
                "liaocheng_2022_action_plan:103", "liaocheng_2020_measures:4"):
        assert judge(measures[key], anyone).state == NO, key


def test_a_county_profile_gets_its_county_and_city_documents_only(documents):
    county = match(Profile(county="高唐", size="小微"), documents)
    assert county.place == "高唐县"
    assert county.documents[:2] == ("gaotang_2021_19_measures", "gaotang_2021_19_measures-2")
    assert set(county.documents[2:]) == {"liaocheng_2022_action_plan", "liaocheng_2020_measures"}
    city = match(Profile(city="聊城", size="小微"), documents)
    assert "gaotang_2021_19_measures" not in city.documents  # a county's own policy
    rushan = match(Profile(county="乳山"), documents)  # county-level city of 威海
    assert rushan.documents == ("weihai_2018_work_plan",)
    elsewhere = match(Profile(city="济南", size="小微"), documents)
    assert not elsewhere.matched and not elsewhere.to_confirm and elsewhere.notes


def test_unusable_profiles_are_refused(documents):
    for profile in (Profile(city="聊城", size="巨型"), Profile(city="聊城", flags=("会飞",)),
                    Profile(city="火星"), Profile(flags=("外贸",), without=("进出口",))):
        with pytest.raises(InputError):
            match(profile, documents)


def test_the_vocabulary_file_is_consistent():
    vocab = vocabulary()
    kinds = {t.decided_by for t in vocab.traits.values()}
    assert kinds <= {"size", "flag", "industry", "everyone", "other"}
    assert all(trait in vocab.traits for _, trait, _ in vocab.phrases)
    assert all(trait in vocab.traits for trait in vocab.flags.values())
    for trait in vocab.traits.values():
        assert all(a in vocab.traits for a in trait.also), trait.name
        if trait.decided_by in ("size", "flag", "industry"):
            assert trait.question, trait.name


def test_matching_over_the_index_is_matching_over_the_files(corpus_assistant, documents):
    profile = Profile(county="高唐", size="中型", flags=("外贸",))
    indexed = corpus_assistant.match(profile, as_of=date(2024, 1, 1))
    parsed = match(profile, documents, as_of=date(2024, 1, 1))
    assert _keys(indexed.matched) == _keys(parsed.matched)
    assert _keys(indexed.to_confirm) == _keys(parsed.to_confirm)


def test_match_command(corpus_assistant):
    env = {"POLICYQA_DATA_DIR": str(corpus_assistant.settings.data_dir),
           "POLICYQA_MODEL": corpus_assistant.settings.model}
    args = ["--city", "聊城", "--size", "小微", "--flag", "新开办", "--flag", "外贸",
            "--as-of", "2024-01-01"]
    text = CliRunner().invoke(match_command, args, env=env, catch_exceptions=False).output
    assert text.startswith("聊城市：") and "截至2024-01-01" in text
    assert "【加大企业融资支持力度】" in text and "【需确认】" in text
    assert "（聊政字〔2020〕25号）第39条" in text and "需确认：纳税信用是否为A级" in text
    data = json.loads(CliRunner().invoke(match_command, [*args, "--json"], env=env,
                                         catch_exceptions=False).output)
    assert data["place"] == "聊城市" and data["as_of"] == "2024-01-01"
    keys = {m["key"] for g in data["groups"] for m in g["measures"]}
    assert "liaocheng_2020_measures:39" in keys
    bad = CliRunner().invoke(match_command, ["--city", "聊城", "--size", "巨型"], env=env)
    assert bad.exit_code != 0


def test_results_are_ordered_by_fit_and_lapsed_measures_are_apart(documents):
    from assistant.matching import fit

    profile = Profile(city="聊城市", size="小微", flags=("新开办",))
    later = match(profile, documents, as_of=date(2024, 1, 1))
    assert later.lapsed
    assert all(i.status.state in ("expired", "deadline_passed") for i in later.lapsed)
    assert not any(i.status.state in ("expired", "deadline_passed") for i in later.matched)
    # The same measures applied while they were current: lapsing moves them, nothing more.
    earlier = match(profile, documents, as_of=date(2022, 1, 1))
    assert _keys(later.lapsed) & _keys(earlier.matched)
    assert _keys(later.applying) == _keys(earlier.applying)
    # Best fit first: within a topic, and topic by topic on each topic's best measure.
    for _, items in later.groups:
        fits = [fit(i) for i in items]
        assert fits == sorted(fits, reverse=True)
    tops = [fit(items[0]) for _, items in later.groups]
    assert tops == sorted(tops, reverse=True) and tops[0] > tops[-1]
    # A measure naming both traits (小微 and 新开办) outranks one naming one of them.
    assert fit(later.groups[0][1][0]) >= 2
