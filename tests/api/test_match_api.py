"""POST /api/match, GET /api/offices/{name}/sheet, and `as_of` on /api/ask and /api/search."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def test_match_returns_groups_and_items_to_confirm(api):
    response = api.post("/api/match", json={"city": "聊城", "size": "小微",
                                            "flags": ["新开办", "外贸"], "as_of": "2024-01-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["place"] == "聊城市" and data["as_of"] == "2024-01-01"
    assert data["profile"]["flags"] == ["新开办", "外贸"]
    items = {m["key"]: m for g in data["groups"] for m in g["measures"]}
    item = items["liaocheng_2020_measures:39"]
    assert item["topic"] == "加大企业融资支持力度" and item["label"] == "第39条"
    assert item["doc_number"] == "聊政字〔2020〕25号" and item["lead_offices"] == ["市地方金融监管局"]
    assert "小微企业" in [r["phrase"] for r in item["reasons"]]
    assert item["status"]["state"] == "in_force"
    confirm = {m["key"]: m for m in data["to_confirm"]}
    assert "是否为高新技术企业" in confirm["liaocheng_2022_action_plan:166"]["questions"]


def test_match_refuses_bad_profiles(api):
    assert api.post("/api/match", json={"city": "聊城", "size": "巨型"}).status_code == 400
    assert api.post("/api/match", json={"city": "聊城", "flags": ["会飞"]}).status_code == 400
    assert api.post("/api/match", json={"city": "聊城", "as_of": "2024-02-30"}).status_code == 422
    assert api.post("/api/match", json={"city": "聊城", "colour": "red"}).status_code == 422
    empty = api.post("/api/match", json={"city": "济南"}).json()
    assert empty["groups"] == [] and empty["to_confirm"] == [] and empty["notes"]


def test_office_sheet_as_json_csv_and_excel(api):
    data = api.get("/api/offices/市税务局/sheet", params={"city": "聊城"}).json()
    assert data["offices"] == ["市税务局"]
    leads = {r["key"] for r in data["rows"] if r["role"] == "lead"}
    assert "liaocheng_2020_measures:16" in leads and len(leads) == 17
    response = api.get("/api/offices/市税务局/sheet", params={"format": "csv", "city": "聊城"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "单位" and len(rows) == len(data["rows"]) + 1
    response = api.get("/api/offices/市税务局/sheet", params={"format": "xlsx", "city": "聊城"})
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.cell(2, 1).value == "市税务局"
    assert api.get("/api/offices/不存在的局/sheet").status_code == 404
    assert api.get("/api/offices/市税务局/sheet", params={"format": "pdf"}).status_code == 422


def test_ask_and_search_speak_for_a_date(api):
    question = {"question": "聊城增值税小规模纳税人免征房产税的政策执行到什么时候？"}
    later = api.post("/api/ask", json={**question, "as_of": "2024-01-01"}).json()
    assert "2022-12-31" in later["answer"] and "已失效" in later["citations"][0]["status"]
    earlier = api.post("/api/ask", json={**question, "as_of": "2022-06-01"}).json()
    assert "失效" not in earlier["answer"] and "现行有效" in earlier["citations"][0]["status"]
    assert api.post("/api/ask", json={**question, "as_of": "yesterday"}).status_code == 422
    hits = api.get("/api/search", params={"q": "增值税小规模纳税人免征房产税", "top_k": 3,
                                          "as_of": "2024-01-01"}).json()["hits"]
    assert hits[0]["key"] == "liaocheng_2022_action_plan:167"
    assert hits[0]["status"].startswith("已失效（2022-12-31")
    old = api.get("/api/search", params={"q": "增值税小规模纳税人免征房产税", "top_k": 3,
                                         "as_of": "2021-01-01"}).json()["hits"]
    assert all(not h["doc_id"].startswith("liaocheng_2022") for h in old)
