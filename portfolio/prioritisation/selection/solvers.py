"""MIP backends for the selection engine: one 0/1 program in, a chosen set and a proof (or not) out.

Three backends solve the same numeric program (maximise ``values · x`` subject to ``matrix · x ≤ ub``,
``lower ≤ x ≤ upper``, x binary):

``highs``  HiGHS through ``highspy`` 1.15 (newer than scipy's copy), with the greedy fill as MIP start.
           The default: on the benchmark's instances it finds better sets and tighter bounds within
           the same time than the others, and reaches 0.1 % in about a second for 2,000 proposals.
``scipy``  HiGHS through :func:`scipy.optimize.milp`; always available (the fallback), no MIP start.
``cbc``    COIN-OR CBC, the binary bundled in PuLP 3's wheel (or a ``cbc`` on the PATH), run on an MPS
           file with a wall-clock limit. Only on request (``solver="cbc"``): it stops on a 0.1 % gap
           fastest, but with worse sets, looser bounds and no faster proof; a MIP start made it slower.

:func:`default_solver` picks the first available of :data:`PREFERENCE`. Each backend reports whether
the solver itself claims optimality and the best bound it proved; the engine decides from these (and
its own recomputation of the objective) whether the optimum is proven.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

SolverName = Literal["cbc", "highs", "scipy"]
SOLVERS: tuple[SolverName, ...] = ("highs", "scipy", "cbc")
#: Order in which :func:`default_solver` picks a backend (best first, measured by the benchmark).
PREFERENCE: tuple[SolverName, ...] = ("highs", "scipy")
#: CBC with the greedy fill as MIP start got stuck in worse sets on the benchmark; it starts cold.
CBC_MIP_START = False

#: Seconds the CBC process may overrun its own limit before it is killed (reading, presolve, writing).
CBC_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class MipProblem:
    """Maximise ``values · x`` s.t. ``matrix · x ≤ ub``, ``lower ≤ x ≤ upper``, x ∈ {0, 1}ⁿ."""

    values: np.ndarray
    matrix: sparse.csr_array
    ub: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    start: np.ndarray | None = None  # a feasible 0/1 set to start from (MIP start)
    #: All values are integer multiples of this (e.g. 1e-4 for scores with four decimals), or None.
    #: Two sets' values then differ by 0 or at least this, so a smaller absolute gap is a proof.
    quantum: float | None = None


@dataclass(frozen=True)
class MipOutcome:
    """What a backend found: ``x`` (None when it found nothing), its claim and its proved bound."""

    status: Literal["optimal", "time_limit", "infeasible", "error"]
    x: np.ndarray | None
    dual_bound: float | None  # proved upper bound on the best value, when the solver gave one
    message: str = ""


def available_solvers() -> tuple[SolverName, ...]:
    """The backends usable here: :data:`PREFERENCE` order, then the rest (``scipy`` always)."""
    ordered = [*PREFERENCE, *(name for name in SOLVERS if name not in PREFERENCE)]
    return tuple(name for name in ordered if _available(name))


def default_solver() -> SolverName:
    return available_solvers()[0]


def _available(name: str) -> bool:
    if name == "scipy":
        return True
    if name == "highs":
        return importlib.util.find_spec("highspy") is not None
    if name == "cbc":
        return _cbc_path() is not None
    return False


@functools.cache
def _cbc_path() -> str | None:
    """PuLP 3's bundled CBC binary, else a ``cbc`` on the PATH (PuLP 4 ships it separately)."""
    path = None
    if importlib.util.find_spec("pulp") is not None:
        try:
            from pulp.apis.coin_api import PULP_CBC_CMD

            path = PULP_CBC_CMD.pulp_cbc_path  # the class attribute: no deprecation warning
        except (ImportError, AttributeError):  # pragma: no cover - another PuLP layout
            path = None
    if not (path and os.path.isfile(path) and os.access(path, os.X_OK)):
        path = shutil.which("cbc")
    return path


def run(problem: MipProblem, *, solver: SolverName, time_limit: float, mip_rel_gap: float) -> MipOutcome:
    """Solve ``problem`` with ``solver`` within ``time_limit`` seconds, stopping at ``mip_rel_gap``."""
    if solver == "cbc":
        return _run_cbc(problem, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    if solver == "highs":
        return _run_highspy(problem, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    if solver == "scipy":
        return _run_scipy(problem, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    raise ValueError(f"unknown solver {solver!r}")


def _abs_gap(problem: MipProblem) -> float:
    """Absolute gap at which a solver may stop: just under the value grid, else (near) zero."""
    return 0.999 * problem.quantum if problem.quantum else 0.0


def _finite(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


# --- scipy.optimize.milp ----------------------------------------------------------------------------


def _run_scipy(problem: MipProblem, *, time_limit: float, mip_rel_gap: float) -> MipOutcome:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(problem.values)
    outcome = milp(
        c=-problem.values,
        integrality=np.ones(n),
        bounds=Bounds(problem.lower, problem.upper),
        constraints=[LinearConstraint(problem.matrix, -np.inf, problem.ub)] if problem.matrix.shape[0] else [],
        options={"time_limit": float(time_limit), "mip_rel_gap": float(mip_rel_gap), "presolve": True},
    )
    bound = _finite(getattr(outcome, "mip_dual_bound", None))
    x = np.asarray(outcome.x) if outcome.x is not None else None
    if outcome.status == 0 and x is not None:
        return MipOutcome("optimal", x, -bound if bound is not None else None, str(outcome.message))
    if outcome.status == 1:
        return MipOutcome("time_limit", x, -bound if bound is not None else None, str(outcome.message))
    if outcome.status == 2:
        return MipOutcome("infeasible", None, None, str(outcome.message))
    return MipOutcome("error", None, None, str(outcome.message))


# --- highspy ----------------------------------------------------------------------------------------


def _run_highspy(problem: MipProblem, *, time_limit: float, mip_rel_gap: float) -> MipOutcome:
    import highspy

    n = len(problem.values)
    matrix = sparse.csr_array(problem.matrix)
    highs = highspy.Highs()
    for option, value in (
        ("output_flag", False),
        ("log_to_console", False),
        ("threads", 1),
        ("time_limit", float(time_limit)),
        ("mip_rel_gap", float(mip_rel_gap)),
        ("mip_abs_gap", _abs_gap(problem)),
        ("presolve", "on"),
    ):
        highs.setOptionValue(option, value)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = -np.asarray(problem.values, dtype=float)
    lp.col_lower_ = np.asarray(problem.lower, dtype=float)
    lp.col_upper_ = np.asarray(problem.upper, dtype=float)
    lp.row_lower_ = np.full(matrix.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(problem.ub, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = matrix.shape[0]
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    highs.passModel(lp)
    if problem.start is not None:
        start = highspy.HighsSolution()
        start.col_value = [float(v) for v in problem.start]
        start.value_valid = True
        highs.setSolution(start)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(highs.getSolution().col_value) if has_solution else None
    bound = _finite(info.mip_dual_bound)
    dual_bound = -bound if bound is not None else None
    message = highs.modelStatusToString(status)
    if status == highspy.HighsModelStatus.kOptimal and x is not None:
        return MipOutcome("optimal", x, dual_bound, message)
    if status == highspy.HighsModelStatus.kInfeasible:
        return MipOutcome("infeasible", None, None, message)
    if status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt):
        return MipOutcome("time_limit", x, dual_bound, message)
    return MipOutcome("error", x, dual_bound, message)


# --- CBC --------------------------------------------------------------------------------------------


def write_mps(path: str, problem: MipProblem) -> None:
    """The program in free MPS, minimising ``−values · x`` (columns C<i>, rows R<r>)."""
    matrix = sparse.csc_array(problem.matrix)
    rows = matrix.shape[0]
    lines = ["NAME SELECTION", "ROWS", " N OBJ"]
    lines += [f" L R{r}" for r in range(rows)]
    lines += ["COLUMNS", " M1 'MARKER' 'INTORG'"]
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    for j, value in enumerate(problem.values.tolist()):
        lines.append(f" C{j} OBJ {-value!r}")
        lines += [
            f" C{j} R{r} {a!r}"
            for r, a in zip(
                indices[indptr[j] : indptr[j + 1]].tolist(), data[indptr[j] : indptr[j + 1]].tolist(), strict=True
            )
        ]
    lines += [" M2 'MARKER' 'INTEND'", "RHS"]
    lines += [f" RHS R{r} {b!r}" for r, b in enumerate(problem.ub.tolist()) if b != 0]
    lines.append("BOUNDS")
    for j, (low, high) in enumerate(zip(problem.lower.tolist(), problem.upper.tolist(), strict=True)):
        lines.append(f" UP BND C{j} {high!r}")
        if low:
            lines.append(f" LO BND C{j} {low!r}")
    lines.append("ENDATA\n")
    with open(path, "w", encoding="ascii") as handle:
        handle.write("\n".join(lines))


_LOWER_BOUND = re.compile(r"^Lower bound:\s+(\S+)", re.MULTILINE)


def _run_cbc(problem: MipProblem, *, time_limit: float, mip_rel_gap: float) -> MipOutcome:
    path = _cbc_path()
    if path is None:
        raise ValueError("solver 'cbc' is not available (install pulp)")
    n = len(problem.values)
    # A better set must beat the incumbent by this much: just under the value grid (exact), else a
    # hair (relative to the largest possible value) so that the search itself loses nothing measurable.
    best_possible = float(np.clip(problem.values, 0.0, None).sum())
    increment = 0.999 * problem.quantum if problem.quantum else 1e-11 * max(1.0, best_possible)
    with tempfile.TemporaryDirectory(prefix="selection-cbc-") as folder:
        model_file = os.path.join(folder, "model.mps")
        solution_file = os.path.join(folder, "solution.txt")
        write_mps(model_file, problem)
        command = [
            path,
            model_file,
            "-timeMode", "elapsed",
            "-sec", repr(max(float(time_limit), 0.0)),
            "-ratioGap", repr(float(mip_rel_gap)),
            "-allowableGap", repr(_abs_gap(problem)),
            "-increment", repr(increment),
            "-threads", "1",
        ]  # fmt: skip
        if CBC_MIP_START and problem.start is not None:
            start_file = os.path.join(folder, "start.txt")
            with open(start_file, "w", encoding="ascii") as handle:
                handle.write("Feasible - objective value 0\n")
                handle.writelines(f"{j} C{j} {int(v > 0.5)} 0\n" for j, v in enumerate(problem.start))
            command += ["-mips", start_file]
        command += ["-solve", "-solution", solution_file]
        try:
            done = subprocess.run(  # noqa: S603 - fixed binary, arguments we built
                command,
                capture_output=True,
                text=True,
                timeout=max(float(time_limit), 0.0) + CBC_GRACE_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return MipOutcome("error", None, None, "CBC did not stop at its time limit")
        if not os.path.exists(solution_file):
            return MipOutcome("error", None, None, (done.stdout or done.stderr)[-500:])
        with open(solution_file, encoding="ascii", errors="replace") as handle:
            header = handle.readline().strip()
            body = handle.readlines()
    x = np.zeros(n)
    for line in body:
        parts = line.replace("**", " ").split()
        if len(parts) >= 3 and parts[1].startswith("C"):
            x[int(parts[1][1:])] = float(parts[2])
    objective = -float(problem.values @ (x > 0.5))
    if header.startswith("Optimal"):
        # CBC prints no bound when it finishes, and labels a stop on ``-ratioGap`` "Optimal" too: without
        # a printed bound, take the weakest its stopping rules allow, so the proof is never overstated.
        value = -objective
        weakest = value + float(mip_rel_gap) * abs(value) + max(increment, _abs_gap(problem))
        return MipOutcome("optimal", x, _cbc_bound(done.stdout, weakest), header)
    if header.startswith(("Infeasible", "Integer infeasible")):
        return MipOutcome("infeasible", None, None, header)
    has_solution = "objective value" in header and "no integer solution" not in header.lower()
    status = "time_limit" if header.startswith("Stopped") else "error"
    return MipOutcome(status, x if has_solution else None, _cbc_bound(done.stdout, None), header)


def _cbc_bound(log: str, fallback: float | None) -> float | None:
    """The proved bound (for the maximisation) from CBC's summary, rounded outwards to be safe."""
    found = _LOWER_BOUND.findall(log or "")
    if not found:
        return fallback
    text = found[-1]
    try:
        printed = float(text)
    except ValueError:
        return fallback
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 6
    return -printed + 0.5 * 10.0**-decimals
