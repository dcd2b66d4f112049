"""`policyqa match` (政策找人) and `policyqa offices` (office directory and time-limit sheet).

Thin edges over the core: parse options, call `PolicyAssistant.match` / `.office_sheet`,
print or export. Only click is imported at module level, so `policyqa --help` stays fast;
register with `main.add_command(match_command, "match")` and `(offices_command, "offices")`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

#: `--as-of YYYY-MM-DD` for every command that speaks for a date.
AS_OF = click.DateTime(formats=["%Y-%m-%d"])


def _assistant():
    from assistant.service import PolicyAssistant
    from assistant.settings import Settings

    try:
        settings = Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err
    return PolicyAssistant(settings)


def as_date(value):
    """click.DateTime gives a datetime; the core speaks in dates."""
    return value.date() if value else None


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("match")
@click.option("--city", default="", help="The enterprise's city (聊城, 威海 …).")
@click.option("--county", default="", help="Its county or county-level city (高唐, 乳山 …).")
@click.option("--industry", default="", help="Its industry in a word or two (制造业, 物流, 餐饮 …).")
@click.option("--size", default="", help="小微, 中型 or 大型.")
@click.option("--flag", "flags", multiple=True,
              help="A trait it has: 新开办, 高新技术企业, 科技型中小企业, 外贸, 专精特新, 个体户 … (repeatable).")
@click.option("--not", "without", multiple=True, help="A trait it does not have (repeatable).")
@click.option("--as-of", "as_of", type=AS_OF, help="Status as of this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="The result as JSON.")
def match_command(city, county, industry, size, flags, without, as_of, as_json) -> None:
    """Measures that grant an enterprise something (政策找人), grouped by topic.

    Each with why it applies, what it gets, the responsible offices, the citation and its
    status; measures whose conditions the profile leaves open are listed as 需确认.
    """
    from assistant.profile import Profile

    profile = Profile(city=city, county=county, industry=industry, size=size,
                      flags=tuple(flags), without=tuple(without))
    result = _assistant().match(profile, as_of=as_date(as_of))
    if as_json:
        _echo_json(result.to_dict())
    else:
        click.echo(format_match(result))


def format_match(result) -> str:
    """The match result as readable text."""
    matched = result.matched
    place = result.place or "全部地区"
    lines = [f"{place}：{len(matched)} 条措施适用，{len(result.to_confirm)} 条需确认"
             f"（截至{result.as_of}）"]
    lines += result.notes
    for topic, items in result.groups:
        lines.append(f"\n【{topic}】")
        for item in items:
            lines += _item_lines(item)
    if result.to_confirm:
        lines.append("\n【需确认】")
        for item in result.to_confirm:
            lines += _item_lines(item, confirm=True)
    if result.lapsed:
        lines.append("\n【已失效或已过完成期限】")
        for item in result.lapsed:
            lines += _item_lines(item)
    return "\n".join(lines)


def _item_lines(item, confirm: bool = False) -> list[str]:
    lines = [f"- {item.citation}（{item.heading}）"]
    if confirm:
        lines.append(f"    需确认：{'；'.join(item.questions)}")
    lines.append(f"    {'条件' if confirm else '适用'}：{item.why}——“{item.quote()}”")
    if item.grants:
        lines.append(f"    可获得：{'；'.join(item.grants)}")
    offices = []
    if item.lead_offices:
        offices.append(f"牵头单位：{'、'.join(item.lead_offices)}")
    if item.offices:
        offices.append(f"责任单位：{'、'.join(item.offices)}")
    if offices:
        lines.append("    " + "；".join(offices))
    lines.append(f"    状态：{item.status.label}")
    return lines


@click.command("offices")
@click.argument("name", required=False)
@click.option("--city", help="Only documents of this city or county (聊城, 威海 …).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sheet as CSV (UTF-8 with BOM, opens in Excel).")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sheet as an Excel workbook.")
@click.option("--as-of", "as_of", type=AS_OF, help="Status as of this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="The sheet (or the directory) as JSON.")
def offices_command(name, city, csv_path, xlsx_path, as_of, as_json) -> None:
    """The office directory, or NAME's sheet: the measures it leads or shares, their time
    limits, deadlines and status; exportable as CSV and Excel."""
    assistant = _assistant()
    if not name:
        if csv_path or xlsx_path:
            raise click.UsageError("name an office to export its sheet")
        table = assistant.offices()
        if as_json:
            _echo_json(table)
            return
        click.echo(f"{'单位':<24} 牵头  责任")
        for office, keys in table.items():
            click.echo(f"{office:<24} {len(keys['lead']):>4}  {len(keys['shared']):>4}")
        return

    from assistant import office_sheet

    sheet = assistant.office_sheet(name, city=city, as_of=as_date(as_of))
    if csv_path:
        csv_path.write_text(office_sheet.to_csv(sheet), encoding="utf-8-sig")
    if xlsx_path:
        xlsx_path.write_bytes(office_sheet.to_xlsx(sheet))
    if as_json:
        _echo_json(sheet.to_dict())
        return
    lead = sum(r.role == office_sheet.LEAD for r in sheet.rows)
    click.echo(f"{'、'.join(sheet.offices)}：牵头 {lead} 条，责任 {len(sheet.rows) - lead} 条"
               f"（截至{sheet.as_of}）")
    for row in sheet.rows:
        role = "牵头" if row.role == office_sheet.LEAD else "责任"
        inherited = "" if row.origin in ("measure", "") else "（继承）"
        limits = "；".join(p for p in (row.time_limits, row.deadlines) if p) or "-"
        click.echo(f"{role}{inherited} 《{row.title}》{row.label} {row.heading}\n"
                   f"    时限：{limits}\n    状态：{row.status}")
    for path in (csv_path, xlsx_path):
        if path:
            click.echo(f"written: {path}")
