"""Budgets for running a book's templates: string and sequence sizes, numbers, output and processor time, each exceeded as a LimitExceeded error.

Jinja2's sandbox keeps a template from reaching Python's internals, not from
asking for a gigabyte (`'x' * 10**9`, `'x'|center(10**9)`) or looping for
hours (nested `range(100000)`). A template is the user's program, so it runs
under limits of its own: every operator and call that can make something big
is checked before it runs, everything a template writes is counted, and a
processor-time alarm stops what no count sees (loops that write nothing).
"""

from __future__ import annotations

import contextlib
import re
import signal
import string
import threading
import time

from jinja2 import TemplateError
from jinja2.compiler import CodeGenerator

MAX_STRING = 4_000_000  # characters in one string, items in one sequence (a module's whole markup fits)
MAX_NUMBER = 1_000_000  # an integer argument of a call or filter (widths, counts)
MAX_INT_BITS = 65_536  # an integer a template computes (about 20,000 digits)
MAX_OUTPUT = 64_000_000  # characters written by all templates of one locale, counted at every level
MAX_PIECES = 4_000_000  # pieces written (each costs memory even when it is one repeated character)
MAX_SECONDS = 5.0  # processor time for one locale's templates (the sample book takes 0.05 s)
MAX_LIPSUM = 100


class LimitExceeded(TemplateError):
    """A template asked for more than its budget; the message says which limit."""


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.output = 0
        self.pieces = 0
        self.deadline = time.process_time() + seconds
        self.seconds = seconds

    def count(self, piece) -> None:
        self.pieces += 1
        self.output += len(piece) if isinstance(piece, str) else 0
        if self.output > MAX_OUTPUT:
            raise LimitExceeded(f"the templates wrote more than {MAX_OUTPUT:,} characters")
        if self.pieces > MAX_PIECES:
            raise LimitExceeded(f"the templates wrote more than {MAX_PIECES:,} pieces of text")
        if not self.pieces & 0x3FF and time.process_time() > self.deadline:
            self.overtime()

    def overtime(self) -> None:
        raise LimitExceeded(f"the templates ran for more than {self.seconds:g} s of processor time")


_local = threading.local()


def _budget() -> _Budget:
    budget = getattr(_local, "budget", None)
    # Outside `limited()` (nothing of the build renders there) each piece is judged alone: sizes are still
    # checked, and no clock left running from an earlier render can fail a later one.
    return budget if budget is not None else _Budget(MAX_SECONDS)


@contextlib.contextmanager
def limited(seconds: float = MAX_SECONDS):
    """Runs one locale's templates under a fresh budget; nested renders (a module inside the book) share it.

    In the main thread a processor-time alarm (SIGPROF) interrupts a template
    that loops without writing; elsewhere the clock is read as pieces are written.
    """
    if getattr(_local, "budget", None) is not None:
        yield
        return
    budget = _local.budget = _Budget(seconds)
    alarm = threading.current_thread() is threading.main_thread()
    if alarm:
        def overtime(signum, frame):
            budget.overtime()

        previous = signal.signal(signal.SIGPROF, overtime)
        signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
        _local.budget = None


class LimitedBuffer(list):
    """The list a compiled template collects its output in, counting every piece."""

    __slots__ = ()

    def append(self, piece) -> None:
        _budget().count(piece)
        super().append(piece)

    def extend(self, pieces) -> None:
        pieces = tuple(pieces)
        budget = _budget()
        for piece in pieces:
            budget.count(piece)
        super().extend(pieces)


def limited_join(join, pieces):
    """`a ~ b`: refused before joining when the result would be too long."""
    size = sum(len(piece) if isinstance(piece, str) else len(str(piece)) for piece in pieces)
    if size > MAX_STRING:
        raise LimitExceeded(f"a string of {size:,} characters; the limit is {MAX_STRING:,}")
    return join(pieces)


def concat(pieces) -> str:
    """What Template.render joins the top-level output with, counting each piece as it comes.

    An exceeded limit is thrown into the template's own generator, so the
    error carries the template line that wrote the piece too many.
    """
    budget = _budget()
    collected = []
    for piece in pieces:
        try:
            budget.count(piece)
        except LimitExceeded as exceeded:
            if hasattr(pieces, "throw"):
                pieces.throw(exceeded)
            raise
        collected.append(piece)
    return "".join(collected)


class LimitedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with every output buffer counted and every `~` checked."""

    def buffer(self, frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.limited_buffer()")

    def visit_Concat(self, node, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.limited_join({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


# -- operators and calls ---------------------------------------------------------

def _size(value) -> int | None:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return None


def check_result(value):
    size = _size(value)
    if size is not None and size > MAX_STRING:
        raise LimitExceeded(f"a value of {size:,} characters or items; the limit is {MAX_STRING:,}")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise LimitExceeded(f"a number of more than {MAX_INT_BITS:,} bits")
    return value


def _refuse_size(size: int, what: str) -> None:
    if size > MAX_STRING:
        raise LimitExceeded(f"{what} would make {size:,} characters or items; the limit is {MAX_STRING:,}")


def check_arguments(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise LimitExceeded(f"the number {value if value.bit_length() < 64 else 'given'} is larger than "
                                f"{MAX_NUMBER:,}, the limit for an argument")


_PERCENT = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def percent_size(template: str, values) -> int:
    """How long `template % values` would be, at most, without formatting it."""
    size = len(template)
    positional = values if isinstance(values, tuple) else (values,)
    index = 0
    for match in _PERCENT.finditer(template):
        key, width, precision, kind = match.groups()
        if width == "*" or precision == "*":
            raise LimitExceeded("'*' widths in % formatting are not allowed in templates")
        size += int(width or 0) + int(precision or 0)
        if kind == "%":
            continue
        if key is not None and isinstance(values, dict):
            value = values.get(key, "")
        else:
            value = positional[index] if index < len(positional) else ""
            index += 1
        size += len(str(value)) if _size(value) is None or isinstance(value, str) else MAX_STRING
    return size


def format_size(template: str, args, kwargs) -> int:
    """How long `template.format(...)` would be, at most."""
    size = len(template)
    automatic = 0
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is None:
            continue
        if spec and "{" in spec:
            raise LimitExceeded("nested replacement fields in a format string are not allowed in templates")
        size += sum(int(number) for number in re.findall(r"\d+", spec or ""))
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name == "":
            value = args[automatic] if automatic < len(args) else ""
            automatic += 1
        elif name.isdigit():
            value = args[int(name)] if int(name) < len(args) else ""
        else:
            value = kwargs.get(name, "")
        size += len(value) if isinstance(value, str) else min(len(str(value)), MAX_STRING) if _size(value) is None \
            else MAX_STRING
    return size


def binop(operator: str, left, right):
    """`*`, `**`, `+` and `%` with their results' sizes known before they are computed."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if _size(sequence) is not None and isinstance(times, int):
                _refuse_size(len(sequence) * max(times, 0), "this repetition")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise LimitExceeded(f"a number of more than {MAX_INT_BITS:,} bits")
        return check_result(left * right)
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                and right * left.bit_length() > MAX_INT_BITS:
            raise LimitExceeded(f"a number of more than {MAX_INT_BITS:,} bits")
        return check_result(left ** right)
    if operator == "+":
        if _size(left) is not None and _size(right) is not None:
            _refuse_size(len(left) + len(right), "this sum")
        return check_result(left + right)
    if operator == "%":
        if isinstance(left, str):
            _refuse_size(percent_size(left, right), "this formatting")
        return check_result(left % right)
    raise AssertionError(operator)


def _method(obj):
    """The bound str method behind a callable (the sandbox wraps str.format), else None."""
    inner = getattr(obj, "__wrapped__", obj)
    owner = getattr(inner, "__self__", None)
    return (owner, inner.__name__) if isinstance(owner, str) else (None, None)


def before_call(obj, args, kwargs) -> None:
    """Refuses a call whose result would be too big, judged from its arguments."""
    check_arguments(args, kwargs)
    owner, name = _method(obj)
    if owner is None:
        if getattr(obj, "__name__", "") == "generate_lorem_ipsum":
            count = (args[0] if args else kwargs.get("n", 5))
            if isinstance(count, int) and count > MAX_LIPSUM:
                raise LimitExceeded(f"lipsum({count}): at most {MAX_LIPSUM} paragraphs")
        return
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        _refuse_size(replace_size(owner, args[0], args[1]), "this replace")
    elif name == "join" and args:
        items = args[0] if isinstance(args[0], (list, tuple, str)) else None
        if items is not None:
            _refuse_size(sum(len(str(item)) for item in items) + len(owner) * max(len(items) - 1, 0), "this join")
    elif name == "expandtabs":
        width = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(width, int):
            _refuse_size(len(owner) + owner.count("\t") * width, "expandtabs")
    elif name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args else kwargs
        _refuse_size(format_size(owner, args if name == "format" else (), mapping), "this format")


def replace_size(text: str, old: str, new: str) -> int:
    found = len(text) + 1 if old == "" else text.count(old)
    return len(text) + found * (len(new) - len(old))


# -- filters ---------------------------------------------------------------------

def _estimate_filter(name: str, args, kwargs) -> int | None:
    """The size a filter's result could reach, for those that can grow their input many times over."""
    value = args[0] if args else ""
    rest = args[1:]
    if name == "replace" and len(rest) >= 2:
        return replace_size(str(value), str(rest[0]), str(rest[1]))
    if name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        return len(str(value)) + (str(value).count("\n") + 1) * step
    if name == "wordwrap":
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[3] if len(rest) > 3 else kwargs.get("wrapstring") or "\n"
        text = str(value)
        return len(text) + (len(text) // max(int(width) if isinstance(width, int) else 1, 1) + text.count("\n") + 1) \
            * len(str(wrap))
    if name == "join":
        separator = rest[0] if rest else kwargs.get("d", "")
        items = value if isinstance(value, (list, tuple, str, range)) else None
        if items is None:
            return None
        return sum(len(str(item)) for item in items) + len(str(separator)) * max(len(items) - 1, 0)
    if name == "format":
        return percent_size(str(value), kwargs or tuple(rest)) if isinstance(value, str) else None
    return None


def limit_filter(name: str, function):
    """A filter that checks its arguments (and for the growing ones its result's size) before running."""
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(function)

    def limited(*args, **kwargs):
        if passes is not None:  # the context or environment Jinja2 passes first
            args = (args[0], _materialize(args[1]), *args[2:]) if len(args) > 1 else args
            values = args[1:]
        else:
            args = (_materialize(args[0]), *args[1:]) if args else args
            values = args
        check_arguments(values[1:], kwargs)
        estimate = _estimate_filter(name, values, kwargs)
        if estimate is not None:
            _refuse_size(estimate, f"the {name} filter")
        return check_result(function(*args, **kwargs))

    limited.__name__ = getattr(function, "__name__", name)
    if passes is not None:
        limited.jinja_pass_arg = passes
    return limited


def _materialize(value):
    """An iterator (a `map` or `select` result) as a list, refused as soon as it grows past the limits."""
    if _size(value) is not None or not hasattr(value, "__next__"):
        return value
    items, total = [], 0
    for item in value:
        items.append(item)
        total += len(item) if isinstance(item, str) else 1
        if len(items) > MAX_STRING or total > MAX_STRING:
            raise LimitExceeded(f"a sequence of more than {MAX_STRING:,} items or characters")
    return items


# -- the environment ------------------------------------------------------------

from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with the budgets above: what the book's templates (and ours) run in."""

    code_generator_class = LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: limit_filter(name, function) for name, function in self.filters.items()}

    @staticmethod
    def limited_buffer() -> LimitedBuffer:
        return LimitedBuffer()

    @staticmethod
    def limited_join(join, pieces):
        return limited_join(join, pieces)

    def concat(self, pieces) -> str:  # noqa: D401 - Template.render joins the output with this
        return concat(pieces)

    def call_binop(self, context, operator, left, right):
        return binop(operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
        before_call(__obj, args, kwargs)
        return check_result(super().call(__context, __obj, *args, **kwargs))
