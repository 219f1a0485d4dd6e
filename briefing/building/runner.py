"""Runs a build: every target rendered (in worker processes under -j), then everything moved into place at once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefing.book.targets import Options, Target

if TYPE_CHECKING:  # the annotation only: the workers' module is imported when a build forks them
    from briefing.building.workers import Workers


class Built(NamedTuple):
    """What a build wrote (`paths`, the manifest last), the preflight warnings of its layout (briefing/preflight),
    at their file:line, and the outputs it kept as the last build made them (copied: among `paths` too)."""

    paths: list[Path]
    warnings: list
    kept: list[Path] = []


def build(book, theme, targets: list[Target], out_dir: Path, options: Options = Options(),
          workers: "Workers | None" = None, stamp: str | None = None, reuse: bool = False,
          last: bool = False) -> Built:
    """Writes every target and the manifest, all or nothing: files move into place only when every one succeeded
    (and, with options.strict, only when layout left nothing for the preflight report).

    With a `stamp` the manifest records each output's key (briefing/building/reuse.py); with `reuse` too, an
    output the last build made from the same key is copied as it stands instead of being written again.
    `last`: no other book follows, so the workers may end as soon as their outputs are written."""
    # Imported here, not above: this module is imported before the workers fork,
    # and what they do not need should not delay them.
    from briefing.building.incremental import sha256
    from briefing.building.manifest import input_digests, used_fonts, write_manifest
    from briefing.safety.output import Staging

    from briefing.safety.drawable import CheckedTrees

    built = {part for target in targets for part in target.locale.split("+")}
    # Template output and the marking, like content, must be drawable: refused before anything is written
    # (with workers, before a worker is given a tree that holds them; see CheckedTrees).
    trees = CheckedTrees(book, theme, built, options)
    profile = _output_intent(targets, options)
    digests = functools.partial(input_digests, book, theme, built, profile=profile)
    from briefing.errors import InvalidInput
    from briefing.preflight.report import problems

    manifest_path = out_dir / f"{book.folder_name}.manifest.json"
    fonts = used_fonts(theme, built) if stamp else None
    key_of = _keys(book, theme, options, fonts) if stamp else None
    with Staging() as staging:
        kept, reserved = (_keep(staging, book, targets, out_dir, manifest_path, key_of, options)
                          if reuse and key_of else ({}, {}))
        work = [(target, reserved.get(target) or staging.reserve(out_dir / target.filename(book)))
                for target in targets if target not in kept]
        findings: dict[Target, list] = {}
        hashed: dict[str, str] = {}  # the outputs' digests for the manifest, made while the workers write others
        if workers is not None and len(work) > 1:
            def meanwhile():  # while the workers write: the manifest's input digests and every output's key
                for target in targets if key_of else ():
                    key_of(target)
                return digests()

            inputs = workers.run(trees, theme, work, options, meanwhile=meanwhile, findings=findings, release=last,
                                 written=lambda path: hashed.__setitem__(path, sha256(path)))
            staging.flushed.update(path for _, path in work)  # each worker made its outputs durable
        else:
            from briefing.building.build import render_target

            trees.check_all()
            for target, path in work:
                findings[target] = render_target(book, theme, target, path, options)
            inputs = digests()
        found = [finding for target, _ in work for finding in findings.get(target, [])]
        if found and options.strict:
            raise InvalidInput(problems(book, found))  # before anything moves into place
        staged = dict(work) | {target: path for target, (path, _) in kept.items()}
        outputs = [(out_dir / target.filename(book), staged[target]) for target in targets]
        counts = {out_dir / target.filename(book): len(findings.get(target, [])) for target, _ in work}
        counts |= {out_dir / target.filename(book): record.get("preflight", 0) for target, (_, record) in kept.items()}
        # The request's stamp (briefing/building/incremental.py): the same request of the same inputs rebuilds nothing.
        stamped = {"key": stamp, "fonts": fonts} if stamp else None
        keys = {out_dir / target.filename(book): key_of(target) for target in targets} if key_of else None
        staging.stage(manifest_path, lambda temporary: write_manifest(temporary, book, outputs, options, inputs,
                                                                      counts, stamped, keys, hashed))
        written = staging.commit()
        return Built(written, problems(book, found), [out_dir / target.filename(book) for target in kept])


def _keys(book, theme, options: Options, fonts):
    """Each target's key (briefing/building/reuse.py), from its document tree, made once and kept."""
    from briefing.building.build import document_for
    from briefing.building.reuse import blocks_digest, target_key, writer_inputs

    inputs = writer_inputs(getattr(theme, "path", None), options, fonts)
    tree = functools.lru_cache(maxsize=None)(lambda locale: blocks_digest(document_for(book, locale, options)))
    return functools.lru_cache(maxsize=None)(
        lambda target: target_key(document_for(book, target.locale, options), target, inputs, tree(target.locale)))


def _keep(staging, book, targets, out_dir: Path, manifest: Path, key_of, options: Options) -> tuple[dict, dict]:
    """The targets the last build already made from the same key, each copied into a staged file of its own
    (so it moves into place with the rest, as the manifest will say) with its manifest record; and the staged
    files of those replaced meanwhile by another build, to be written again."""
    from briefing.building.reuse import copy_checked, kept, keyed_records

    records = keyed_records(manifest)
    if not records:
        return {}, {}  # a first build, or one before keys: nothing to compare, and no tree made early for it
    found, again = {}, {}
    for target, record in kept(records, out_dir, {t: key_of(t) for t in targets}, book, options.strict).items():
        temporary = staging.reserve(out_dir / target.filename(book))
        if copy_checked(out_dir / target.filename(book), temporary, record["sha256"]):
            found[target] = (temporary, record)
        else:
            again[target] = temporary
    return found, again


def _output_intent(targets: list[Target], options: Options) -> str:
    """The ICC profile PDF/A's output intent embeds, when a PDF/A is built; refused up front when missing."""
    if "a-2a" not in options.pdf_standards or not any(target.format == "pdf" for target in targets):
        return ""
    from briefing.errors import InvalidInput, Problem
    from briefing.paths import SRGB_PROFILE  # not from the PDF writer: this process need not import ReportLab

    if not Path(SRGB_PROFILE).is_file():
        raise InvalidInput([Problem(SRGB_PROFILE, 0, "the sRGB profile PDF/A-2a embeds is missing: install "
                                    "Debian's icc-profiles-free (scripts/setup.sh does), or build with "
                                    "--pdf-standard ua-1")])
    return SRGB_PROFILE
