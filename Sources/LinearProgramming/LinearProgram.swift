/// A linear programme as a plain value: no C types, no pointers.
///
/// Columns and rows are 0-based here; the GLPK layer translates to GLPK's 1-based arrays.
public struct LinearProgram: Sendable, Equatable {
    public enum Sense: Sendable, Equatable { case minimize, maximize }

    /// Bounds of a column or a row, in GLPK's five kinds.
    public enum Bounds: Sendable, Equatable {
        case free
        case lower(Double)
        case upper(Double)
        case range(Double, Double)
        case fixed(Double)
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var bounds: Bounds
        public var objective: Double
        /// Warm start: the column starts non-basic at its upper bound instead of its lower bound
        /// (rows start basic). A good start saves the simplex method most of its iterations.
        public var startsAtUpperBound: Bool
        public init(name: String, bounds: Bounds, objective: Double, startsAtUpperBound: Bool = false) {
            self.name = name
            self.bounds = bounds
            self.objective = objective
            self.startsAtUpperBound = startsAtUpperBound
        }
    }

    public struct Row: Sendable, Equatable {
        public var name: String
        public var bounds: Bounds
        /// (column index, coefficient); each column at most once.
        public var terms: [(column: Int, coefficient: Double)]
        public init(name: String, bounds: Bounds, terms: [(column: Int, coefficient: Double)]) {
            self.name = name
            self.bounds = bounds
            self.terms = terms
        }
        public static func == (a: Row, b: Row) -> Bool {
            a.name == b.name && a.bounds == b.bounds && a.terms.count == b.terms.count
                && zip(a.terms, b.terms).allSatisfy { $0.column == $1.column && $0.coefficient == $1.coefficient }
        }
    }

    public var name: String
    public var sense: Sense
    public var columns: [Column]
    public var rows: [Row]

    public init(name: String = "lp", sense: Sense = .minimize, columns: [Column] = [], rows: [Row] = []) {
        self.name = name
        self.sense = sense
        self.columns = columns
        self.rows = rows
    }

    @discardableResult
    public mutating func addColumn(_ name: String, _ bounds: Bounds, objective: Double, startsAtUpperBound: Bool = false) -> Int {
        columns.append(Column(name: name, bounds: bounds, objective: objective, startsAtUpperBound: startsAtUpperBound))
        return columns.count - 1
    }

    /// A row or column name made from the problem's own ids (a municipality code, "r12/c3"), so a
    /// dumped model reads like the problem: control characters, spaces and brackets become `_`
    /// (GLPK rejects control characters; brackets would confuse `y[id,k]`), and the result is cut
    /// to at most `limit` UTF-8 bytes on a character boundary (GLPK allows 255 for a whole name).
    public static func columnName(_ id: String, limit: Int = 200) -> String {
        var out = ""
        var bytes = 0
        for ch in id {
            let safe: Character = (ch.isWhitespace || ch == "[" || ch == "]" || ch == ","
                                   || ch.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }) ? "_" : ch
            let size = String(safe).utf8.count
            if bytes + size > limit { break }
            out.append(safe)
            bytes += size
        }
        return out.isEmpty ? "_" : out
    }

    @discardableResult
    public mutating func addRow(_ name: String, _ bounds: Bounds, _ terms: [(column: Int, coefficient: Double)]) -> Int {
        rows.append(Row(name: name, bounds: bounds, terms: terms))
        return rows.count - 1
    }
}

/// How GLPK's simplex is run. The defaults were chosen by measurement (see README, "Benchmarks").
public struct SimplexOptions: Sendable, Equatable {
    public enum Method: Sendable, Equatable { case primal, dual, dualThenPrimal }
    public var method: Method
    public var presolve: Bool
    /// Milliseconds; nil means no limit.
    public var timeLimitMilliseconds: Int?
    /// Simplex iterations; nil means no limit.
    public var iterationLimit: Int?
    /// GLPK's tolerance for reduced costs (`tol_dj`, GLPK's default 1e-7). Smaller values make
    /// near-equal priorities count as different, which an exact certificate can then confirm.
    public var reducedCostTolerance: Double = 1e-7

    public init(method: Method = .dualThenPrimal, presolve: Bool = false,
                timeLimitMilliseconds: Int? = nil, iterationLimit: Int? = nil, reducedCostTolerance: Double = 1e-7) {
        self.method = method
        self.presolve = presolve
        self.reducedCostTolerance = reducedCostTolerance
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.iterationLimit = iterationLimit
    }

    /// GLPK's own defaults: primal simplex, no presolve.
    public static let glpkDefault = SimplexOptions(method: .primal, presolve: false)
}

/// Why the solver stopped, kept apart from whether the solution is usable (as GLPK.jl does).
public enum TerminationReason: Sendable, Equatable, CustomStringConvertible {
    case finished
    case iterationLimit
    case timeLimit
    case presolverFoundNoFeasibleOrBoundedSolution
    case numericalFailure(String)

    public var description: String {
        switch self {
        case .finished: return "the simplex method finished"
        case .iterationLimit: return "the iteration limit was reached"
        case .timeLimit: return "the time limit was reached"
        case .presolverFoundNoFeasibleOrBoundedSolution:
            return "the LP presolver found the problem has no primal or no dual feasible solution"
        case .numericalFailure(let why): return "GLPK failed: \(why)"
        }
    }
}

/// The status of the basic solution.
public enum SolutionStatus: Sendable, Equatable, CustomStringConvertible {
    case optimal
    case feasible
    case infeasible
    case noFeasibleSolution
    case unbounded
    case undefined

    public var isOptimal: Bool { self == .optimal }

    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .feasible: return "feasible but not proven optimal"
        case .infeasible: return "infeasible (intermediate)"
        case .noFeasibleSolution: return "no feasible solution exists"
        case .unbounded: return "the objective is unbounded"
        case .undefined: return "the solution is undefined"
        }
    }
}

public struct LPSolution: Sendable, Equatable {
    public var termination: TerminationReason
    public var status: SolutionStatus
    public var objective: Double
    public var columnValues: [Double]
    public var columnReducedCosts: [Double]
    public var rowActivities: [Double]
    public var rowDuals: [Double]
    public var iterations: Int
}

public enum LPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The programme would make GLPK abort: caught before any C call.
    case invalidProgram(String)
    /// The MathProg translator rejected a model or data file.
    case mathProg(stage: String, message: String)
    case solverFailed(TerminationReason)

    public var description: String {
        switch self {
        case .invalidProgram(let why): return "invalid linear programme: \(why)"
        case .mathProg(let stage, let message): return "MathProg \(stage) failed: \(message)"
        case .solverFailed(let reason): return "the LP solver stopped: \(reason)"
        }
    }
}
