"""`briefing new` and `briefing schema`: a new book to start from, and the content format's JSON Schemas."""

from __future__ import annotations

from pathlib import Path

from briefing.commands import EXIT_OK, usage


def new(arguments) -> int:
    import datetime

    from briefing.errors import InvalidInput, Problem
    from briefing.i18n.locales import supported
    from briefing.scaffold import create

    locales = [part.strip() for part in arguments.locales.split(",") if part.strip()]
    unknown = [locale for locale in locales if locale not in supported()]
    if not locales or unknown or len(set(locales)) != len(locales):
        return usage(f"--locales {arguments.locales}: give distinct locales among {', '.join(supported())}")
    try:
        day = datetime.date.fromisoformat(arguments.date) if arguments.date else datetime.date.today()
    except ValueError:
        return usage(f"--date {arguments.date}: expected YYYY-MM-DD")
    from briefing.scaffold import check_name_and_title

    check_name_and_title(arguments.folder, arguments.title)
    folder = Path(arguments.folder)
    if folder.exists() or folder.is_symlink():
        raise InvalidInput([Problem(str(folder), 1, "already exists; briefing new writes only a new folder")])
    if not folder.parent.is_dir():
        raise InvalidInput([Problem(str(folder.parent), 1, "no such folder to create the book in")])
    try:
        for path in create(folder, locales, arguments.title, day):
            print(path)
    except FileExistsError:
        raise InvalidInput([Problem(str(folder), 1, "already exists; briefing new writes only a new folder")]) from None
    print(f"next: briefing check {folder}  then  briefing build {folder}")
    return EXIT_OK


def schema(arguments) -> int:
    from briefing.content.describe import markdown, schemas
    from briefing.safety.output import Staging

    folder = Path(arguments.output)
    if not folder.is_dir():
        return usage(f"-o {arguments.output}: not a folder")
    outputs = {folder / name: text for name, text in schemas().items()}
    if arguments.docs:
        outputs[Path(arguments.docs)] = markdown()
    with Staging() as staging:
        for path, text in outputs.items():
            staging.stage(path, lambda temporary, text=text: Path(temporary).write_text(text, encoding="utf-8"))
        staging.commit()
    for path in outputs:
        print(path)
    return EXIT_OK
