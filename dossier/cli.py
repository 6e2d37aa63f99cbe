"""The command line: one thin function per command over the library."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from dossier import queries
from dossier.errors import DossierError
from dossier.formats import FORMATS, RENDERERS
from dossier.settings import MAX_OFFSET, default_settings, limit_hint
from dossier.store import Store, open_store


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def with_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Open the store named by --db (or $DOSSIER_DB) and pass it as ``store``."""

    @wraps(func)
    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        try:
            store = open_store(ctx.obj["db"])
        except DossierError as error:
            raise click.ClickException(str(error)) from None
        try:
            return func(store, *args, **kwargs)
        except DossierError as error:
            raise click.ClickException(str(error)) from None
        finally:
            store.close()

    return wrapper


class PageSize(click.IntRange):
    """A --limit: 1 up to the max_page_size setting (read when the option is given)."""

    def __init__(self) -> None:
        super().__init__(min=1)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        try:
            ceiling = default_settings().max_page_size
        except DossierError as error:
            self.fail(str(error), param, ctx)
        if number > ceiling and ctx is not None and param is not None and param.name and \
                ctx.get_parameter_source(param.name) is click.core.ParameterSource.DEFAULT:
            return ceiling  # a default page over a lowered setting is the setting's page
        if number > ceiling:
            self.fail(f"{number} is more than {ceiling}, the most one page holds "
                      f"{limit_hint('max_page_size')}", param, ctx)
        return number


OFFSET = click.IntRange(0, MAX_OFFSET)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="DOSSIER_DB",
    default="dossier.db",
    show_default=True,
    help="Database: a SQLite file path or a postgresql:// URL (env DOSSIER_DB).",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
@click.version_option(package_name="dossier")
@click.pass_context
def cli(ctx: click.Context, db: str, verbose: int) -> None:
    """Dossier: a clean archive and a sourced, dated chronology from news articles.

    Ingest saved pages, text dumps and exports; list, show and read the clean articles.
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = {"db": db}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--enrich/--no-enrich", default=True, show_default=True,
    help="Summarise the new articles and link their similar readings (loads the model).",
)
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Refuse larger files (default: the setting max_file_mb, 20; env "
                   "DOSSIER_MAX_FILE_MB).")
@click.option("--cluster", metavar="tcp://HOST:8786|local:N", default=None,
              help="Run the per-article pipeline on the workers of a Dask cluster (a "
                   "scheduler's address, or local:N to start N local workers); results are "
                   "stored here in batches, and inputs already stored are skipped.")
@json_option
@with_store
def ingest(store: Store, paths: tuple[Path, ...], enrich: bool, max_file_mb: float | None,
           cluster: str | None, as_json: bool) -> None:
    """Ingest files and folders (recursively): .txt, .html/.htm, .jsonl, .md, and exports:
    Pocket (CSV/HTML), Instapaper and Readwise (CSV), wallabag/Omnivore (JSON), RSS/Atom
    feeds, WARC files.

    Ingesting the same content twice adds nothing. Entries that are only a URL become
    records marked "not fetched" (see `dossier fetch`). Articles an earlier run left
    unfinished (killed, Ctrl-C) are summarised and analysed now. Prints a summary line
    (added / duplicate / failed, each failure with its reason); exits 1 when nothing could
    be ingested, 130 when stopped with Ctrl-C (what was stored stays).
    """
    from dossier.corpus.pending import counts, describe
    from dossier.ingest import READERS, IngestInterrupted, discover
    from dossier.ingest import ingest as run_ingest

    settings = default_settings().with_overrides(max_file_mb=max_file_mb)
    files = [p for p in discover(paths) if isinstance(p, Path)]
    show_bar = len(files) > 10 and sys.stderr.isatty()
    interrupted = False
    if cluster:
        try:
            report = _ingest_on_cluster(store, paths, settings, enrich, cluster, len(files))
        except IngestInterrupted as stop:
            report, interrupted = stop.report, True
    else:
        with click.progressbar(
            length=len(files), label="Ingesting", file=sys.stderr, hidden=not show_bar
        ) as bar:
            try:
                report = run_ingest(store, paths, settings,
                                    on_file=lambda _path: bar.update(1), enrich=enrich)
            except IngestInterrupted as stop:
                report, interrupted = stop.report, True
    if as_json:
        _print_json(report.to_dict())
    else:
        for entry in report.added:
            click.echo(f"added      {entry['id'][:8]}  {entry['title'] or ''}  ({entry['origin']})")
        for entry in report.duplicates:
            click.echo(
                f"duplicate  {entry['id'][:8]}  {entry['origin']} (same as {entry['first_seen']})"
            )
    for failure in report.failed:
        click.echo(f"failed     {failure.reason}", err=True)
    click.echo(report.summary(), err=as_json)
    if interrupted or not enrich:
        owed = describe(counts(store.pending()))
        if interrupted:
            click.echo("interrupted: every article above is stored whole; "
                       + (owed or "nothing is left unfinished"), err=True)
            sys.exit(130)
        if owed:
            click.echo(owed, err=True)
    if not (report.added or report.duplicates):
        if not (report.failed or report.skipped):
            click.echo("nothing to ingest: no files under the given paths", err=True)
        elif report.skipped and not report.failed:
            click.echo("nothing to ingest: no file of a kind Dossier reads ("
                       + ", ".join(sorted(READERS)) + ")", err=True)
        sys.exit(1)


def _ingest_on_cluster(store: Store, paths: tuple[Path, ...], settings: Any, enrich: bool,
                       cluster: str, files: int) -> Any:
    """``ingest --cluster``: the library's ingest with a bar of articles done, their rate
    and the time left (on a terminal only; tqdm stays quiet when stderr is piped)."""
    import dask
    from tqdm import tqdm

    from dossier.ingest import Progress
    from dossier.ingest import ingest as run_ingest

    # Dask logs every worker and connection at INFO to stderr (its workers too, which take
    # this config): only its errors, unless -v asked for more.
    verbose = logging.getLogger().level < logging.WARNING
    dask.config.set({"logging.distributed": "info" if verbose else "error"})

    with tqdm(total=files, unit="article", desc="Ingesting", file=sys.stderr,
              disable=not sys.stderr.isatty(), dynamic_ncols=True) as bar:
        def progress(at: Progress) -> None:
            # Until every input is read the total is a guess (one article a file).
            total = max(at.read, files) if at.reading else at.read
            if bar.total != total:
                bar.total = total
            bar.update(at.done - bar.n)

        # A ClusterError (scheduler unreachable) or StoreUnavailable (database gone) goes
        # up to with_store, which prints it as one line and exits 1.
        return run_ingest(store, paths, settings, enrich=enrich, cluster=cluster,
                          on_progress=progress)


def _date_cell(record: dict[str, Any]) -> str:
    published = record["published"]
    return published["value"] or "????"


@cli.command(name="list")
@click.option("--limit", type=PageSize(), default=None, help="At most N articles.")
@click.option("--offset", type=OFFSET, default=0, help="Skip the first N.")
@click.option(
    "--order", type=click.Choice(["published", "created", "title"]), default="published",
    show_default=True,
)
@json_option
@with_store
def list_(store: Store, limit: int | None, offset: int, order: str, as_json: bool) -> None:
    """List the articles, newest first."""
    records = queries.articles(store, limit=limit, offset=offset, order=order)
    if as_json:
        _print_json(records)
        return
    if not records:
        click.echo("No articles yet: add some with `dossier ingest PATH`.", err=True)
        return
    for record in records:
        title = record["title"] or "(untitled)"
        click.echo(
            f"{record['id'][:8]}  {_date_cell(record):<10}  {(record['source'] or '-')[:22]:<22}"
            f"  {record['words']:>5}w  {title[:70]}"
        )


@cli.command()
@click.argument("article_id")
@click.option("--text", "with_text", is_flag=True, help="Include the clean text.")
@click.option("--removed", is_flag=True, help="Show the lines the cleaner dropped, and why.")
@click.option("--why", is_flag=True,
              help="Show the evidence for the published date and why one piece won.")
@json_option
@with_store
def show(store: Store, article_id: str, with_text: bool, removed: bool, why: bool,
         as_json: bool) -> None:
    """Show an article's record (ID or a unique prefix of it)."""
    record = queries.article(store, article_id, text=with_text)
    if as_json:
        if not removed:
            record.pop("removed", None)
        if why:
            record["date_why"] = queries.date_why(record)
        _print_json(record)
        return
    published = record["published"]
    lines = [
        ("ID", record["id"]),
        ("Title", record["title"]),
        ("Source", record["source"]),
        ("Category", record["category"]),
        ("URL", record["url"]),
        ("Published", _published_line(record)),
        ("Evidence", published["evidence"]),
        ("Created", record["created"]),
        ("Updated", record["updated"]),
        ("Last read", record["last_read"] or "never"),
        ("Read count", record["read_count"]),
        ("Words", record["words"]),
        ("Reading time", f"{record['reading_minutes']} min"),
        ("Language", record["language"]),
        ("Origin", record["origin"]),
    ]
    for label, value in lines:
        if value not in (None, ""):
            click.echo(f"{label + ':':<14}{value}")
    if why:
        _echo_date_why(queries.date_why(record))
    if removed:
        click.echo("\nRemoved by the cleaner:")
        for line, reason in record["removed"]:
            click.echo(f"  [{reason}] {line[:100]}")
    if with_text:
        click.echo("\n" + record["text"])


def _published_line(record: dict[str, Any]) -> str:
    published = record["published"]
    if not published["value"]:
        bound = queries.date_why(record)["not_after"]
        return f"unknown (no evidence dates it; not after {bound}, when it was saved or ingested)"
    span = f", either day of {published['span']} by time zone" if published.get("span") else ""
    return (f"{published['value']} (precision {published['precision']}{span}, from "
            f"{published['method']}, confidence {published['confidence']})")


def _echo_date_why(why: dict[str, Any]) -> None:
    click.echo(f"\nHow the date was decided (nothing after {why['not_after']}, "
               f"the day it was {'saved' if why['bound'] == 'saved' else 'ingested'}):")
    rows = list(why["candidates"]) + ([why["content"]] if why.get("content") else [])
    if not rows:
        click.echo("  no evidence was kept for this article (ingested before Dossier kept it)")
    for row in rows:
        value = row.get("value") or "no date"
        click.echo(f"  {row.get('method', 'content'):<9} {value:<11} "
                   f"confidence {row.get('confidence', 0):<4}  {row.get('verdict', '')}")
        if row.get("evidence"):
            click.echo(f"            evidence: {str(row['evidence'])[:100]}")


@cli.command()
@click.argument("article_id")
@json_option
@with_store
def read(store: Store, article_id: str, as_json: bool) -> None:
    """Print an article's clean text and count a read."""
    record = queries.read(store, article_id)
    if as_json:
        _print_json(record)
        return
    if record["title"]:
        click.echo(record["title"])
        click.echo("=" * min(len(record["title"]), 80))
    published = record["published"]["value"] or "date unknown"
    click.echo(f"{record['source'] or 'unknown source'} · {published} · "
               f"{record['reading_minutes']} min read\n")
    click.echo(record["text"])


@cli.command()
@click.argument("article_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before deleting.")
@json_option
@with_store
def delete(store: Store, article_id: str, yes: bool, as_json: bool) -> None:
    """Delete an article, with its summary, links, events and claims; the timeline entries
    only it told go too, the others keep their other sources."""
    if not yes:  # the record only to ask about it; the deletion resolves the ID itself
        record = queries.article(store, article_id)
        click.confirm(f"Delete {record['id']} ({record['title'] or 'untitled'})?",
                      abort=True, err=True)
    gone = queries.delete(store, article_id)
    if as_json:
        _print_json(gone)
        return
    click.echo(f"deleted {gone['id']}" + (f" ({gone['title']})" if gone["title"] else ""))


@cli.command()
@json_option
@with_store
def stats(store: Store, as_json: bool) -> None:
    """Totals: articles, words, reading time, reads, unread; by source and by month; the
    articles with unfinished stages."""
    from dossier.corpus.pending import describe

    totals = queries.stats(store)
    if as_json:
        _print_json(totals)
        return
    click.echo(
        f"{totals['articles']} articles, {totals['words']} words "
        f"({totals['reading_minutes']} min of reading), {totals['reads']} reads, "
        f"{totals['unread']} unread"
    )
    if totals["by_source"]:
        click.echo("\nBy source:")
        for source, count in totals["by_source"].items():
            click.echo(f"  {count:>5}  {source}")
    if totals["by_month"]:
        click.echo("\nBy month published:")
        for month, count in totals["by_month"].items():
            click.echo(f"  {count:>5}  {month}")
    owed = describe(totals["pending"])
    if owed:
        click.echo("\n" + owed[0].upper() + owed[1:])
    if totals["failed_analyses"]:
        click.echo(f"The analysis failed on {totals['failed_analyses']} articles "
                   "(`dossier -v analyse ID` shows why)")


def _chosen_ids(store: Store, article_id: str | None, every: bool,
                pending: str | None = None) -> list[str]:
    """The full IDs an ``ID|--all`` command works on; with neither, the articles that owe
    the ``pending`` stage (where the command has one)."""
    if article_id and every:
        raise click.UsageError("give an article ID or --all (not both)")
    if not (article_id or every):
        if pending is None:
            raise click.UsageError("give an article ID or --all")
        return store.pending()[pending]
    return store.ids() if every else [store.article(article_id)["id"]]


@cli.command()
@click.argument("article_id")
@json_option
@with_store
def dates(store: Store, article_id: str, as_json: bool) -> None:
    """Every date expression in an article: its value, interval, precision and sentence,
    resolved against the article's published date."""
    found = queries.dates(store, article_id)
    if as_json:
        _print_json(found)
        return
    published = found["published"]
    click.echo(f"{found['title'] or found['article']}")
    click.echo(f"published {published['value'] or 'unknown'} ({published['precision']}, "
               f"{published['method']})\n")
    for expression in found["expressions"]:
        interval = " .. ".join(
            filter(None, (expression.get("interval_start"), expression.get("interval_end")))
        )
        click.echo(
            f"{expression['text']!r:<28} {expression['type']:<8} {expression['value']:<12} "
            f"{expression['precision']:<8} {interval}"
        )
        click.echo(f"    {expression['sentence'][:110]}")


@cli.command()
@click.argument("article_id", required=False)
@click.option("--all", "every", is_flag=True, help="Re-date every article.")
@json_option
@with_store
def redate(store: Store, article_id: str | None, every: bool, as_json: bool) -> None:
    """Re-date an article (or --all) from its text; dates stated by metadata or a reading
    app's record are kept. Relative expressions then resolve against the new date."""
    from dossier.corpus.chronology import analyse_articles

    ids = _chosen_ids(store, article_id, every)
    results = [queries.redate(store, one) for one in ids]
    # Relative expressions resolve against the article's date: re-read what changed.
    analyse_articles(store, [r["article"] for r in results if r["changed"]])
    if as_json:
        _print_json(results)
        return
    for result in results:
        if result["changed"]:
            before, after = result["before"], result["after"]
            click.echo(
                f"{result['article'][:8]}  {before['value'] or 'unknown'} -> "
                f"{after['value'] or 'unknown'} ({after['precision']}, {after['method']})"
            )
    changed = sum(r["changed"] for r in results)
    click.echo(f"{changed} of {len(results)} re-dated", err=True)


def _print_hits(records: list[dict[str, Any]]) -> None:
    for record in records:
        published = record["published"]["value"] if isinstance(record["published"], dict) \
            else record["published"]
        click.echo(f"{record['id'][:8]}  {published or '????':<10}  {record.get('score', 0):.3f}"
                   f"  {(record['title'] or '')[:70]}")
        snippet = record.get("snippet")
        if snippet:
            shown = snippet.replace("<mark>", "\x1b[1m").replace("</mark>", "\x1b[0m")
            if not sys.stdout.isatty():
                shown = snippet.replace("<mark>", "[").replace("</mark>", "]")
            click.echo("          " + " ".join(shown.split())[:200])


@cli.command()
@click.argument("query")
@click.option("--source", help="Only articles from this source.")
@click.option("--from", "date_from", help="Published on or after (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--to", "date_to", help="Published on or before (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--limit", type=PageSize(), default=20, show_default=True)
@click.option("--semantic/--lexical", default=True, show_default=True,
              help="Blend BM25 with the meaning of the query, or words only.")
@json_option
@with_store
def search(store: Store, query: str, source: str | None, date_from: str | None,
           date_to: str | None, limit: int, semantic: bool, as_json: bool) -> None:
    """Full-text search: words (all must match), "phrases", OR; snippets show the hits.
    Ranking blends BM25 with semantic similarity. Any query string is safe."""
    found = queries.search(store, query, source=source, date_from=date_from, date_to=date_to,
                           limit=limit, semantic=semantic)
    if as_json:
        _print_json(found)
        return
    if not found["results"]:
        click.echo(f"Nothing found for {query!r}.", err=True)
    _print_hits(found["results"])


@cli.command()
@click.argument("article_id")
@json_option
@with_store
def similar(store: Store, article_id: str, as_json: bool) -> None:
    """An article's 5 similar readings (with scores) and the same story on other sites."""
    found = queries.similar(store, article_id)
    if as_json:
        _print_json(found)
        return
    click.echo(f"{found['title']}\n")
    if not found["similar"] and not found["same_story"]:
        click.echo("No similar readings yet: run `dossier summarize --all`.", err=True)
    for link in found["same_story"]:
        click.echo(f"same story  {link['id'][:8]}  {link['score']:.3f}  {link['title'] or ''}")
    for link in found["similar"]:
        click.echo(f"similar     {link['id'][:8]}  {link['score']:.3f}  {link['title'] or ''}")


@cli.command()
@click.argument("article_id", required=False)
@click.option("--all", "every", is_flag=True, help="Every article.")
@json_option
@with_store
def summarize(store: Store, article_id: str | None, every: bool, as_json: bool) -> None:
    """Recompute the summary, embedding and similar readings of an article (or --all);
    with neither, summarise the articles an earlier run left without."""
    from dossier.corpus.enrich import enrich

    ids = _chosen_ids(store, article_id, every, pending="enrich")
    done = enrich(store, ids)
    if as_json:
        _print_json([queries.article(store, one) for one in ids])
        return
    if article_id:
        click.echo(store.article(ids[0])["summary"] or "(no text to summarise)")
    click.echo(f"{done} of {len(ids)} summarised"
               + ("" if article_id or every else " (articles an earlier run left without)"),
               err=True)


@cli.command()
@click.option("--timeout", type=float, default=15.0, show_default=True)
@click.option("--retries", type=int, default=2, show_default=True)
@click.option("--delay", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to one host.")
@json_option
@with_store
def fetch(store: Store, timeout: float, retries: int, delay: float, as_json: bool) -> None:
    """Fetch the pages of records marked "not fetched" (needs a network): timeouts,
    retries, one request at a time per host. Reports what failed."""
    from dossier.ingest.fetched import fetch_missing

    report = fetch_missing(store, timeout=timeout, retries=retries, per_host_delay=delay)
    if as_json:
        _print_json(report)
    else:
        for failure in report["failed"]:
            click.echo(f"failed     {failure['url']}: {failure['error']}", err=True)
    click.echo(f"{len(report['fetched'])} fetched, {len(report['failed'])} failed", err=True)


@cli.command()
@click.argument("target", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "markdown"]), default="jsonl",
              show_default=True)
@with_store
def export(store: Store, target: Path, fmt: str) -> None:
    """Export the whole archive: JSON Lines to TARGET ("-" for stdout), or one Markdown
    file per article into the folder TARGET."""
    from dossier.export import to_jsonl, to_markdown

    records = (queries.article(store, one, text=True) for one in store.ids())
    if fmt == "markdown":
        click.echo(f"{len(to_markdown(records, target))} files in {target}", err=True)
        return
    with click.open_file(str(target), "w", encoding="utf-8") as out:
        count = to_jsonl(records, out)
    click.echo(f"{count} articles exported", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="DOSSIER_TOKEN",
              help="Token for writes (and reads off loopback); required when listening beyond "
                   "this machine.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None) -> None:
    """Serve the library, the reader, search, import and the JSON API (/api)."""
    import uvicorn

    from dossier.web import create_app

    try:
        app = create_app(ctx.obj["db"], host=host, token=token, warm_search=True)
    except (ValueError, DossierError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Dossier on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _date_range(record: dict[str, Any]) -> str:
    date = record.get("date") or "????"
    return f"{date}..{record['date_end']}" if record.get("date_end") else date


def _actors(event: dict[str, Any]) -> str:
    by_role: dict[str, list[str]] = {}
    for actor in event["actors"]:
        by_role.setdefault(actor["role"], []).append(actor["code"] or actor["name"])
    return " -> ".join(", ".join(by_role[r]) for r in ("source", "target") if r in by_role)


date_filters = [
    click.option("--article", help="Only this article (ID or prefix)."),
    click.option("--entity", help="Only records naming this entity (ISO code, short name or "
                                  "part of a name)."),
    click.option("--from", "date_from", help="On or after (YYYY, YYYY-MM, YYYY-MM-DD)."),
    click.option("--to", "date_to", help="On or before (YYYY, YYYY-MM, YYYY-MM-DD)."),
    click.option("--limit", type=PageSize(), default=None, help="At most N."),
]


def with_filters(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(date_filters):
        func = option(func)
    return func


@cli.command()
@with_filters
@click.option("--type", "type_", help="Only this PLOVER type (AGREE, CONSULT, JOIN, LEAVE…).")
@json_option
@with_store
def events(store: Store, article: str | None, entity: str | None, date_from: str | None,
           date_to: str | None, limit: int | None, type_: str | None, as_json: bool) -> None:
    """Events: who did what to whom, when (the event's own date, not the article's),
    with modality and the sentence it comes from."""
    found = queries.events(store, article=article, entity=entity, type=type_,
                           date_from=date_from, date_to=date_to, limit=limit)
    if as_json:
        _print_json(found)
        return
    if not found:
        click.echo("No events match.", err=True)
    for event in found:
        flags = [event["modality"]] if event["modality"] != "occurred" else []
        if event["background"]:
            flags.append("background")
        if event.get("date_source") == "article":
            flags.append("dated by the article")
        click.echo(f"{_date_range(event):<22} {event['type']:<10} {_actors(event):<20} "
                   f"{event['summary']}" + (f"  [{', '.join(flags)}]" if flags else ""))
        evidence = event["evidence"][0]
        click.echo(f"{'':<22} “{' '.join(evidence['sentence'].split())[:150]}” "
                   f"({str(evidence['article'])[:8]})")


@cli.command()
@with_filters
@json_option
@with_store
def claims(store: Store, article: str | None, entity: str | None, date_from: str | None,
           date_to: str | None, limit: int | None, as_json: bool) -> None:
    """Claims: who says what, with figures and quotes, and where it is written."""
    found = queries.claims(store, article=article, entity=entity, date_from=date_from,
                           date_to=date_to, limit=limit)
    if as_json:
        _print_json(found)
        return
    if not found:
        click.echo("No claims match.", err=True)
    for claim in found:
        holder = claim["holder"]["name"] if claim.get("holder") else "?"
        figures = "; ".join(f["text"] for f in claim.get("figures", []))
        click.echo(f"{holder} {claim['verb']}: {' '.join(claim['content'].split())[:140]}"
                   + (f"  [{figures}]" if figures else ""))


@cli.command()
@click.option("--article", help="Only this article (ID or prefix).")
@click.option("--kind", type=click.Choice(["state", "organisation", "person", "place"]))
@click.option("--name", help="Only entities whose name contains this (or with this code).")
@json_option
@with_store
def entities(store: Store, article: str | None, kind: str | None, name: str | None,
             as_json: bool) -> None:
    """States (ISO alpha-3), organisations, people with their roles, and places, with how
    often and in how many articles they are mentioned."""
    found = queries.entities(store, article=article, kind=kind, name=name)
    if as_json:
        _print_json(found)
        return
    for entity in found:
        roles = sorted({r["role"] for r in entity["roles"]})
        click.echo(f"{entity['kind']:<13} {entity['code'] or '':<6} {entity['name']:<40} "
                   f"{entity['mentions']:>4} mentions in {entity['articles']} articles"
                   + (f"  ({'; '.join(roles)})" if roles else ""))


@cli.command()
@click.argument("article_id", required=False)
@click.option("--all", "every", is_flag=True, help="Every article.")
@with_store
def analyse(store: Store, article_id: str | None, every: bool) -> None:
    """(Re)extract entities, events and claims of an article (or --all), and re-fuse the
    timeline; with neither, finish the articles an earlier run left unanalysed or unfused."""
    from dossier.corpus.chronology import analyse_articles
    from dossier.corpus.pending import finish

    if not (article_id or every):
        done = finish(store, ("analyse", "fuse"))
        click.echo(f"{done.get('analyse', 0)} analysed, {done.get('fuse', 0)} fused "
                   "(articles an earlier run left unfinished)", err=True)
        return
    ids = _chosen_ids(store, article_id, every)
    analysed = analyse_articles(store, ids)
    failed = store.failed_analyses()
    click.echo(f"{analysed} of {len(ids)} analysed"
               + (f"; the analysis failed on {failed} articles (-v shows why)" if failed
                  else ""), err=True)


@cli.command()
@click.option("--entity", help="Only entries this entity acts in (ISO code, short name, name).")
@click.option("--between", nargs=2, metavar="A B", help="Only entries both A and B act in.")
@click.option("--type", "type_", help="Only these types (comma-separated: AGREE,JOIN,...).")
@click.option("--from", "date_from", help="On or after (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--to", "date_to", help="On or before (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--limit", type=PageSize(), default=100, show_default=True)
@click.option("--offset", type=OFFSET, default=0)
@click.option("--cursor", help="Start after the page this cursor ends (the `next` of a "
                               "page; fast however deep).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--summarise", "topic", metavar="QUERY",
              help="A summarised timeline of a topic instead: the dates that matter and a "
                   "few sentences each (with --dates, --sentences).")
@click.option("--dates", "n_dates", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--sentences", "n_sentences", type=click.IntRange(1, 20), default=2,
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API): --format json.")
@with_store
def timeline(store: Store, entity: str | None, between: tuple[str, str] | None,
             type_: str | None, date_from: str | None, date_to: str | None, limit: int,
             offset: int, cursor: str | None, fmt: str, topic: str | None, n_dates: int,
             n_sentences: int, as_json: bool) -> None:
    """One timeline from all the articles: each entry with every source that tells it,
    oldest first, a page at a time. Planned events are marked apart from what happened.
    With --summarise QUERY: the dates that matter for a topic, a few sentences each."""
    if as_json:
        if fmt not in ("text", "json"):
            raise click.UsageError(f"--json and --format {fmt}: give one of them")
        fmt = "json"
    if topic is not None:
        summary = queries.summarise(store, query=topic or None, entity=entity,
                                    date_from=date_from, date_to=date_to, dates=n_dates,
                                    sentences=n_sentences)
        if fmt == "json":
            _print_json(summary)
        elif not summary["dates"]:
            click.echo(f"Nothing to summarise for {topic!r}.", err=True)
        for day in summary["dates"] if fmt != "json" else []:
            click.echo(day["date"])
            for sentence in day["sentences"]:
                click.echo(f"  {' '.join(sentence['text'].split())}  ({sentence['article'][:8]})")
        return
    page = queries.timeline(store, entity=entity, between=between or None, type=type_,
                            date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                            cursor=cursor)
    if not page["entries"]:
        click.echo("No timeline entries match: ingest articles, or widen the filters.",
                   err=True)
    click.echo(RENDERERS[fmt](page))
    shown = len(page["entries"])
    if page["next"] and cursor:
        click.echo(f"({shown} shown of {page['total']}; --cursor {page['next']} for more)",
                   err=True)
    elif page["next"]:
        click.echo(f"({offset + 1}–{offset + shown} of {page['total']}; "
                   f"--offset {offset + shown} or --cursor {page['next']} for more)", err=True)


@cli.command()
@click.argument("entity", required=False)
@json_option
@with_store
def memberships(store: Store, entity: str | None, as_json: bool) -> None:
    """Membership intervals of states in organisations, from JOIN, LEAVE and SUSPEND
    events, with the sentences that give each boundary."""
    found = queries.memberships(store, entity)
    if as_json:
        _print_json(found)
        return
    if not found:
        click.echo("No memberships known.", err=True)
    for pair in found:
        spans = ", ".join(
            f"{i['from'] or '…'}–{i['to'] or 'now'}" for i in pair["intervals"])
        click.echo(f"{pair['member']} in {pair['organisation']}: {spans}")


@cli.command()
@json_option
@with_store
def conflicts(store: Store, as_json: bool) -> None:
    """Claims that disagree about the same figure, side by side with their holders, and
    timeline entries whose sources disagree on the date or on whether it happened."""
    found = queries.conflicts(store)
    if as_json:
        _print_json(found)
        return
    if not found:
        click.echo("No conflicts found.", err=True)
    for conflict in found:
        if conflict["kind"] == "figures":
            click.echo(f"{conflict['about']}:")
            for claim in conflict["claims"]:
                click.echo(f"  {claim['figure']:<22} per {claim['holder'] or '?'}")
        else:
            entry = conflict["entry"]
            click.echo(f"{entry['date']} {entry['summary']}: sources disagree")


def main() -> None:
    """Entry point of the ``dossier`` command."""
    cli(prog_name="dossier")


if __name__ == "__main__":
    main()
