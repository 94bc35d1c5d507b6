import Foundation

/// Everything the planner needs, read from files and validated: the scenario and, for every
/// level of every education, the value each key component gives each unit, the published
/// figures to compare with, and the floors and caps. The planner takes this value and reads
/// nothing itself.
public struct PlanInputs: Sendable {
    public var scenario: Scenario
    public var registry: MunicipalityRegistry
    /// Level data by `LevelKey`.
    public var levels: [LevelKey: LevelData]
    /// The population by age the ældreudgiftsnøgle used, when it did.
    public var ageData: AgeDataInfo?
    /// Every data source the plan rests on, in the order first used.
    public var sources: [DataSource]

    public init(scenario: Scenario, registry: MunicipalityRegistry, levels: [LevelKey: LevelData],
                ageData: AgeDataInfo?, sources: [DataSource]) {
        self.scenario = scenario
        self.registry = registry
        self.levels = levels
        self.ageData = ageData
        self.sources = sources
    }

    public func level(_ education: String, _ level: String) -> LevelData? {
        levels[LevelKey(education: education, level: level)]
    }
}

public struct LevelKey: Sendable, Hashable {
    public var education: String
    public var level: String
    public init(education: String, level: String) {
        self.education = education
        self.level = level
    }
}

/// The resolved data of one level: unit id → value per component, published figures, bounds.
public struct LevelData: Sendable {
    /// Component name → unit id → value (exact).
    public var values: [String: [String: Rational]]
    /// The `compare_with` table: unit id → published places.
    public var published: [String: Rational]?
    /// Unit id → floor/cap row from the bounds file.
    public var bounds: [String: UnitBounds]

    public init(values: [String: [String: Rational]], published: [String: Rational]?, bounds: [String: UnitBounds]) {
        self.values = values
        self.published = published
        self.bounds = bounds
    }
}

/// One row of a bounds file.
public struct UnitBounds: Sendable, Equatable {
    public var min: Int?
    public var max: Int?
    public var lastYear: Int?
    /// Percentage of last year's places the floor is at least (the row's `min_pct`, else the level's).
    public var minPercentOfLastYear: Rational?
    public var location: SourceLocation

    public init(min: Int?, max: Int?, lastYear: Int?, minPercentOfLastYear: Rational?, location: SourceLocation) {
        self.min = min
        self.max = max
        self.lastYear = lastYear
        self.minPercentOfLastYear = minPercentOfLastYear
        self.location = location
    }

    /// The floor these bounds give: max(min, ⌈pct × last year / 100⌉).
    public var floor: Int {
        var f = min ?? 0
        if let last = lastYear, let pct = minPercentOfLastYear {
            let q = pct * Rational(last) / Rational(100)
            let c = q.floor + (q == Rational(q.floor) ? 0 : 1)
            f = Swift.max(f, Int(c))
        }
        return f
    }
}

/// Which population-by-age data the ældreudgiftsnøgle used.
public struct AgeDataInfo: Sendable, Equatable {
    /// File name shown to the user (no directory), or the shipped table's name.
    public var file: String
    public var quarter: String
    /// True when the table shipped with the program was used (no `--age-data`).
    public var shipped: Bool
    /// How a given file was read ("Windows-1252", "UTF-8", "UTF-16", "xlsx"); nil for the shipped table.
    public var readAs: String? = nil
}

/// A source a plan rests on, as the scenario (or the program's own data) declares it.
public struct DataSource: Sendable, Equatable {
    /// What it is, in the scenario's words ("KL 2022, hjælper").
    public var label: String
    /// Publisher and document ("Udlændingestyrelsen, Landstal for 2023, bilag A").
    public var citation: String?
    /// The date the figures refer to ("1. januar 2022").
    public var date: String?
    /// True for figures that are not published (scenario assumptions, examples).
    public var illustrative: Bool

    public init(label: String, citation: String?, date: String?, illustrative: Bool) {
        self.label = label
        self.citation = citation
        self.date = date
        self.illustrative = illustrative
    }
}
