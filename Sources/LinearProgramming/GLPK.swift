internal import CGLPK
import Foundation

/// GLPK keeps global (per-thread) state and aborts on misuse. Every call into it goes through
/// this lock, and every argument is validated in Swift before the call.
let glpkLock = NSRecursiveLock()

/// Text GLPK would have printed, collected while a call runs (never written to stdout).
/// Only touched with `glpkLock` held.
nonisolated(unsafe) private var glpkTerminalBuffer = ""

private func installTerminalHook() {
    glp_term_hook({ _, text in
        // GLPK calls the hook from inside a call made under `glpkLock` (recursive: same thread).
        glpkLock.lock()
        defer { glpkLock.unlock() }
        if let text { glpkTerminalBuffer += String(cString: text) }
        return 1  // 1 = suppress GLPK's own output
    }, nil)
}

/// What GLPK has said since the current `withGLPK` call began.
func glpkTerminalText() -> String {
    glpkLock.lock()
    defer { glpkLock.unlock() }
    return glpkTerminalBuffer
}

/// GLPK allocates one environment per thread on first use (thread-local storage) and never frees
/// it by itself. A thread that has used GLPK gets a thread-specific marker whose destructor runs
/// `glp_free_env()` when the thread exits, on that thread, so worker threads do not leak it.
private let glpkEnvironmentKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { _ in
        // Runs at thread exit, on the exiting thread: frees that thread's GLPK environment.
        glp_free_env()
    }
    precondition(status == 0, "pthread_key_create failed: \(status)")
    return key
}()

/// Marks the current thread as a GLPK user (once), so its environment is freed at thread exit.
private func registerThreadEnvironment() {
    let key = glpkEnvironmentKey
    if pthread_getspecific(key) == nil {
        // Any non-nil value arms the destructor; the value itself is never read.
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    }
}

/// Runs `body` with the GLPK lock held and terminal output captured; returns what GLPK said.
func withGLPK<T>(_ body: () throws -> T) rethrows -> (T, String) {
    glpkLock.lock()
    defer { glpkLock.unlock() }
    registerThreadEnvironment()
    glpkTerminalBuffer = ""
    installTerminalHook()
    let value = try body()
    let said = glpkTerminalBuffer
    glpkTerminalBuffer = ""
    return (value, said)
}

public extension GLPK {
    /// Frees the calling thread's GLPK environment now (GLPK makes a new one on next use).
    /// Threads that exit free theirs automatically; this is for long-lived threads that are done.
    static func freeThreadEnvironment() {
        glpkLock.lock()
        defer { glpkLock.unlock() }
        glp_free_env()
    }
}

public enum GLPK {
    /// The GLPK library version, e.g. "5.0".
    public static var version: String {
        withGLPK { String(cString: glp_version()) }.0
    }
}

/// Owns one `glp_prob`; freed in `deinit`. Only used while `glpkLock` is held.
final class GLPKProblem {
    let pointer: OpaquePointer
    private(set) var rowCount: Int32 = 0
    private(set) var columnCount: Int32 = 0

    init() {
        pointer = glp_create_prob()
    }

    deinit {
        glpkLock.lock()
        glp_delete_prob(pointer)
        glpkLock.unlock()
    }

    static func validate(_ lp: LinearProgram) throws {
        func check(_ b: LinearProgram.Bounds, _ what: String) throws {
            switch b {
            case .free: break
            case .lower(let l), .upper(let l), .fixed(let l):
                guard l.isFinite else { throw LPError.invalidProgram("\(what): bound \(l) is not finite") }
            case .range(let l, let u):
                guard l.isFinite, u.isFinite else { throw LPError.invalidProgram("\(what): bounds [\(l), \(u)] are not finite") }
                guard l <= u else { throw LPError.invalidProgram("\(what): lower bound \(l) exceeds upper bound \(u)") }
            }
        }
        guard lp.columns.count < Int(Int32.max) - 1, lp.rows.count < Int(Int32.max) - 1 else {
            throw LPError.invalidProgram("too many rows or columns for GLPK")
        }
        for (j, c) in lp.columns.enumerated() {
            try check(c.bounds, "column \(j) '\(c.name)'")
            guard c.objective.isFinite else {
                throw LPError.invalidProgram("column \(j) '\(c.name)': objective coefficient \(c.objective) is not finite")
            }
            guard c.name.utf8.count <= 255, !c.name.isEmpty else {
                throw LPError.invalidProgram("column \(j): name must have 1 to 255 bytes")
            }
            if c.startsAtUpperBound {
                switch c.bounds {
                case .range, .upper: break
                default: throw LPError.invalidProgram("column \(j) '\(c.name)': only a column with an upper bound can start at it")
                }
            }
        }
        for (i, r) in lp.rows.enumerated() {
            try check(r.bounds, "row \(i) '\(r.name)'")
            guard r.name.utf8.count <= 255, !r.name.isEmpty else {
                throw LPError.invalidProgram("row \(i): name must have 1 to 255 bytes")
            }
            var seen = Set<Int>()
            for t in r.terms {
                guard t.column >= 0, t.column < lp.columns.count else {
                    throw LPError.invalidProgram("row \(i) '\(r.name)': column index \(t.column) out of range 0..<\(lp.columns.count)")
                }
                guard t.coefficient.isFinite else {
                    throw LPError.invalidProgram("row \(i) '\(r.name)': coefficient of column \(t.column) is not finite")
                }
                guard seen.insert(t.column).inserted else {
                    throw LPError.invalidProgram("row \(i) '\(r.name)': column \(t.column) appears twice")
                }
            }
        }
    }

    private static func kind(_ b: LinearProgram.Bounds) -> (Int32, Double, Double) {
        switch b {
        case .free: return (GLP_FR, 0, 0)
        case .lower(let l): return (GLP_LO, l, 0)
        case .upper(let u): return (GLP_UP, 0, u)
        case .range(let l, let u): return l == u ? (GLP_FX, l, l) : (GLP_DB, l, u)
        case .fixed(let v): return (GLP_FX, v, v)
        }
    }

    /// Loads a validated programme. Caller holds the lock.
    func load(_ lp: LinearProgram) {
        glp_set_prob_name(pointer, lp.name)
        glp_set_obj_dir(pointer, lp.sense == .minimize ? GLP_MIN : GLP_MAX)
        if !lp.rows.isEmpty { glp_add_rows(pointer, Int32(lp.rows.count)) }
        if !lp.columns.isEmpty { glp_add_cols(pointer, Int32(lp.columns.count)) }
        rowCount = Int32(lp.rows.count)
        columnCount = Int32(lp.columns.count)
        for (j, c) in lp.columns.enumerated() {
            let index = Int32(j + 1)
            glp_set_col_name(pointer, index, c.name)
            let (k, l, u) = Self.kind(c.bounds)
            glp_set_col_bnds(pointer, index, k, l, u)
            glp_set_obj_coef(pointer, index, c.objective)
            if c.startsAtUpperBound, k != GLP_FX { glp_set_col_stat(pointer, index, GLP_NU) }
        }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, r) in lp.rows.enumerated() {
            let index = Int32(i + 1)
            glp_set_row_name(pointer, index, r.name)
            let (k, l, u) = Self.kind(r.bounds)
            glp_set_row_bnds(pointer, index, k, l, u)
            for t in r.terms where t.coefficient != 0 {
                ia.append(index); ja.append(Int32(t.column + 1)); ar.append(t.coefficient)
            }
        }
        if ia.count > 1 {
            glp_load_matrix(pointer, Int32(ia.count - 1), ia, ja, ar)
        }
    }

    /// Runs the simplex method. Caller holds the lock.
    func simplex(_ options: SimplexOptions) -> Int32 {
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        switch options.method {
        case .primal: parm.meth = GLP_PRIMAL
        case .dual: parm.meth = GLP_DUAL
        case .dualThenPrimal: parm.meth = GLP_DUALP
        }
        parm.presolve = options.presolve ? GLP_ON : GLP_OFF
        // GLPK accepts tol_dj in (0, 1); anything else would make it abort.
        if options.reducedCostTolerance > 0, options.reducedCostTolerance < 1 { parm.tol_dj = options.reducedCostTolerance }
        if let t = options.timeLimitMilliseconds { parm.tm_lim = Int32(clamping: max(t, 0)) }
        if let it = options.iterationLimit { parm.it_lim = Int32(clamping: max(it, 0)) }
        return glp_simplex(pointer, &parm)
    }

    static func termination(_ code: Int32) -> TerminationReason {
        switch code {
        case 0: return .finished
        case GLP_EITLIM: return .iterationLimit
        case GLP_ETMLIM: return .timeLimit
        case GLP_ENOPFS, GLP_ENODFS: return .presolverFoundNoFeasibleOrBoundedSolution
        case GLP_EBADB: return .numericalFailure("the initial basis is invalid")
        case GLP_ESING: return .numericalFailure("the basis matrix is singular")
        case GLP_ECOND: return .numericalFailure("the basis matrix is ill-conditioned")
        case GLP_EBOUND: return .numericalFailure("a double-bounded variable has incorrect bounds")
        case GLP_EFAIL: return .numericalFailure("the solver failed")
        case GLP_EOBJLL, GLP_EOBJUL: return .numericalFailure("the objective limit was reached")
        default: return .numericalFailure("return code \(code)")
        }
    }

    static func status(_ code: Int32) -> SolutionStatus {
        switch code {
        case GLP_OPT: return .optimal
        case GLP_FEAS: return .feasible
        case GLP_INFEAS: return .infeasible
        case GLP_NOFEAS: return .noFeasibleSolution
        case GLP_UNBND: return .unbounded
        default: return .undefined
        }
    }

    /// Reads the basic solution. Caller holds the lock.
    func solution(termination: TerminationReason) -> LPSolution {
        var status = Self.status(glp_get_status(pointer))
        if termination == .presolverFoundNoFeasibleOrBoundedSolution {
            // After presolve detects infeasibility GLPK leaves the status undefined; report it plainly.
            status = .noFeasibleSolution
        }
        let n = Int(columnCount), m = Int(rowCount)
        var values = [Double](repeating: 0, count: n)
        var reduced = [Double](repeating: 0, count: n)
        var activities = [Double](repeating: 0, count: m)
        var duals = [Double](repeating: 0, count: m)
        for j in 0..<n {
            values[j] = glp_get_col_prim(pointer, Int32(j + 1))
            reduced[j] = glp_get_col_dual(pointer, Int32(j + 1))
        }
        for i in 0..<m {
            activities[i] = glp_get_row_prim(pointer, Int32(i + 1))
            duals[i] = glp_get_row_dual(pointer, Int32(i + 1))
        }
        return LPSolution(
            termination: termination, status: status, objective: glp_get_obj_val(pointer),
            columnValues: values, columnReducedCosts: reduced, rowActivities: activities,
            rowDuals: duals, iterations: Int(glp_get_it_cnt(pointer)))
    }
}

public extension LinearProgram {
    /// Solves with GLPK's simplex method. Throws `LPError.invalidProgram` before any C call for
    /// anything that would make GLPK abort. The returned status says whether values are usable.
    func solve(options: SimplexOptions = SimplexOptions()) throws -> LPSolution {
        try GLPKProblem.validate(self)
        let (solution, _) = withGLPK { () -> LPSolution in
            let problem = GLPKProblem()
            problem.load(self)
            let code = problem.simplex(options)
            let result = problem.solution(termination: GLPKProblem.termination(code))
            withExtendedLifetime(problem) {}
            return result
        }
        return solution
    }
}
