import BigInt
import Foundation

// MARK: - Scenario model

public struct ScenarioComponent: Sendable {
    public enum Kind: Sendable {
        /// Population 1 January 2022 (embedded municipality table).
        case population
        /// A published table: CSV file (`path` to read, `shown` as the user names it), unit column, value column.
        case table(path: String, shown: String, unitColumn: String, valueColumn: String)
        /// Shares given in the scenario, unit id → number.
        case shares([(id: String, value: Rational, location: SourceLocation)])
        /// The ældreudgiftsnøgle with the given bands (population by age: the shipped FOLK1A
        /// table or `--age-data`).
        case elderly([AgeBand])
    }
    public var name: String
    public var kind: Kind
    public var label: String
    public var location: SourceLocation
    /// Where the figures come from (`source`, `date` and `illustrative` in the scenario).
    public var source: DataSource
}

public struct ScenarioLevel: Sendable {
    public enum UnitKind: Sendable, Equatable {
        case kkr
        case municipality
        case custom([String])
    }
    public var name: String
    public var units: UnitKind
    public var names: [String: String]
    /// Component name → weight; the weights sum to 1.
    public var weights: [(component: String, weight: Rational)]
    public var boundsFile: String?
    /// The bounds file as the user names it.
    public var boundsShown: String?
    public var boundsLocation: SourceLocation?
    public var minPercentOfLastYear: Rational?
    public var compareWith: String?
    public var location: SourceLocation
    /// A second level whose units form the columns of a matrix with this level's units as rows
    /// (0 or 1 element): both margins are apportioned from the parent, the cells biproportionally.
    public var columns: [ScenarioLevel] = []
    /// A region's part of the places, taken before the units' split (`region_share`).
    public var regionalShare: RegionalShare?
}

/// `region_share = { name = "Regionerne", places = N }` or `{ share = 0.28 }`: the region takes
/// part of each group's places before the municipalities share the rest.
public struct RegionalShare: Sendable {
    public var name: String
    /// A fixed number of places per group.
    public var places: Int?
    /// A share of each group's places, rounded to the nearest whole place (halves up).
    public var share: Rational?
    public var illustrative: Bool
    public var location: SourceLocation

    public func seats(of total: Int) -> Int {
        if let places { return places }
        let q = share! * Rational(total)
        let f = q.floor
        return Int(q - Rational(f) >= Rational(1, 2) ? f + 1 : f)
    }
}

/// How the intake follows from the dimensioned places: `overbooking = 5` (per cent more) or
/// `dropout = 12.9` (per cent expected to leave: intake = places / (1 − dropout)). Rounded up,
/// so the intake never falls short.
public enum IntakeRule: Sendable, Equatable {
    case overbooking(percent: Rational)
    case dropout(percent: Rational)

    public func intake(for places: Int) -> Int {
        let q: Rational
        switch self {
        case .overbooking(let p): q = Rational(places) * (Rational(100) + p) / Rational(100)
        case .dropout(let p): q = Rational(places) * Rational(100) / (Rational(100) - p)
        }
        let f = q.floor
        return Int(Rational(f) == q ? f : f + 1)
    }
}

/// One step of a phase-in, with the extra places accumulated up to it.
public struct PhaseInStep: Sendable, Equatable {
    public var year: String
    public var step: Int
    public var cumulative: Int
}

public struct ScenarioEducation: Sendable {
    public var id: String
    public var name: String
    /// Year label → total; one entry with label "" when the education has a single `total`.
    public var totals: [(year: String, total: Int)]
    public var region: String?
    public var levels: [ScenarioLevel]
    /// `phase_in`: every study year from the first step to the last, with that year's step (0
    /// between steps) and the extra places so far; the year's total is `phaseInBase` + cumulative.
    public var phaseIn: [PhaseInStep] = []
    public var phaseInBase: Int = 0
    /// The intake derived from the places (`overbooking` or `dropout`).
    public var intake: IntakeRule?
    /// `carry_over = "shortfall"`: last year's shortfall per unit added on top of its share.
    public var carryOver: CarryOver? = nil
    /// What the places are (`counts`): lærepladser, studerende, praktikpladser. A total adds places
    /// of one kind only; educations without `counts` are "pladser" and add up with each other.
    public var counts: PlaceKind = .places
    /// `same_places_as`: the same places as another education, broken down another way (e.g. the
    /// intake per site and season): never added to it.
    public var samePlacesAs: String? = nil
}

/// The kind of places an education counts. Totals only ever add places of one kind.
public enum PlaceKind: String, Sendable, Equatable, CaseIterable {
    case apprenticeships = "laerepladser"
    case students = "studerende"
    case praktik = "praktikpladser"
    case places = "pladser"
    /// The intake derived from an education's places (overbooking, dropout): never added in.
    case intake = "optag"

    public static let scenarioValues = ["laerepladser", "studerende", "praktikpladser", "pladser"]

    public init?(scenarioValue s: String) {
        switch s.lowercased() {
        case "laerepladser", "lærepladser", "elevpladser": self = .apprenticeships
        case "studerende", "studiepladser": self = .students
        case "praktikpladser", "praktik": self = .praktik
        case "pladser": self = .places
        default: return nil
        }
    }
}

/// `carry_over = "shortfall"` with `carry_over_from = "FILE.csv"` (a realised file of the previous
/// year with `shortfall`, or `dimensioned` and `realised`, e.g. the CSV of `follow-up`).
///
/// Rule: in the scenario's first year, each unit's places = its share of the education's total
/// (apportioned exactly as without carry-over) + its shortfall last year when positive (a surplus
/// is not deducted). The total grows by the sum of the carried shortfalls, and every unit above
/// carries the additions of the units below it, so each level still sums exactly to its parent.
/// The shortfalls are taken at the lowest level the file gives (municipalities, else KKR); rows at
/// other levels (e.g. the KKR and national lines of a follow-up CSV) are not added again.
public struct CarryOver: Sendable {
    public var path: String
    public var shown: String
    public var location: SourceLocation
    /// Filled by `PlanLoader`: the level the additions apply to, unit id → places added.
    public var level: String?
    public var additions: [String: Int] = [:]
    /// The year of the shortfalls, as the file gives it.
    public var year: String = ""
    public var illustrative: Bool = false
    public var total: Int { additions.values.reduce(0, +) }
}

public struct Scenario: Sendable {
    public var name: String
    public var title: String
    public var file: String
    public var chain: [String]
    public var method: ApportionmentMethod
    public var ties: TieRule
    public var notes: [String]
    public var components: [String: ScenarioComponent]
    public var educations: [ScenarioEducation]
    /// Years in the order first written; [""] for a single-year plan.
    public var years: [String]
    /// The minimum an agreement fixes for all educations together (`agreed_minimum`), e.g. the
    /// 9.000 SOSU places of the lærepladsaftale; `check` states published sums against it.
    public var agreedMinimum: (places: Int, source: String)?
    /// `year`: the year a one-year plan is for ("2023", "2022/23"); follow-up compares only
    /// realised rows of this year. Nil when the scenario does not say.
    public var planYear: String? = nil
    /// The `--set` (and `--variant`) changes against the scenario's files, in the order given.
    public var overrides: [ScenarioOverride] = []

    public var needsAgeData: Bool {
        components.values.contains { if case .elderly = $0.kind { return true }; return false }
    }
}


/// One `--set` change: the value path, the scenario's value (nil when the files do not set it)
/// and the value given, both as TOML text.
public struct ScenarioOverride: Sendable, Equatable {
    public var path: String
    public var from: String?
    public var to: String
}
