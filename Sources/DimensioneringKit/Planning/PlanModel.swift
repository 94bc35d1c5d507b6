import Foundation
import BigInt

// The plan: plain values, everything a view needs (numbers, shares, divisors, bounds, notes as
// data). Views and renderers take these and never re-enter the planner or read a file.

/// One unit's line in a plan: its key, its ideal (fractional) quota and its places.
public struct PlanRow: Sendable {
    public var code: String
    public var name: String
    /// The KKR the unit belongs to (nil for units outside any KKR, e.g. national sites).
    public var kkr: String?
    /// Share of the parent's places (after any regional part), exact; sums to 1 within a group.
    public var key: Rational
    /// key × the places apportioned among the units, exact.
    public var ideal: Rational
    public var seats: Int
    public var min: Int
    public var max: Int?
    public var bound: BoundStatus
    /// The published figure (with `compare_with`).
    public var published: Rational?
    /// How the key came about: one part per component.
    public var parts: [KeyPart] = []
    /// The number the divisor divides: the component's value for a one-component key, else the
    /// ideal quota.
    public var divisorWeight: Rational = Rational(0)
    /// With a binding cap: what one more place of capacity would change.
    public var capWhatIf: CapWhatIf?
    /// With `carry_over = "shortfall"`: the places without carry-over and the shortfall added.
    public var carryOver: CarriedShortfall? = nil
}

/// A unit's places under `carry_over = "shortfall"`: `base` (its share without carry-over) +
/// `added` (last year's shortfall of the unit, or of the units below it).
public struct CarriedShortfall: Sendable, Equatable {
    public var base: Int
    public var added: Int
    public var file: String
    public var year: String
}

/// One component's contribution to a unit's key: weight × value / group total.
public struct KeyPart: Sendable {
    public enum Kind: String, Sendable { case population, elderly, table, shares }
    public var component: String
    public var label: String
    public var kind: Kind
    public var weight: Rational
    public var value: Rational
    public var groupTotal: Rational
    public var illustrative: Bool
    public var share: Rational { groupTotal == Rational(0) ? Rational(0) : value / groupTotal }
}

/// The result of raising a binding cap by one.
public struct CapWhatIf: Sendable {
    public struct Change: Sendable {
        public var code: String
        public var name: String
        public var from: Int
        public var to: Int
    }
    public var cap: Int
    public var seats: Int
    /// Units that would give up a place.
    public var losers: [Change]
}

/// The divisor of a group under a divisor method: one number that explains every free unit.
public struct GroupDivisor: Sendable {
    /// A short decimal inside the interval of divisors giving this allocation (nil when only one
    /// divisor works, i.e. a tie was broken).
    public var value: Rational?
    public var low: Double?
    public var high: Double?
    public var needsTie: Bool
    /// True when the divisor divides a component's values (e.g. residents), false when it divides
    /// ideal quotas (a blended key).
    public var dividesComponent: Bool
    /// The component whose values it divides.
    public var component: KeyPart.Kind?
}

/// The part of a group's places a region takes before the municipalities' split.
public struct RegionalPart: Sendable {
    public var name: String
    public var seats: Int
    /// The share given in the scenario (nil when a fixed number was given).
    public var share: Rational?
    public var illustrative: Bool
}

/// The children of one parent node at one level.
public struct PlanGroup: Sendable {
    public var parentCode: String
    public var parentName: String
    /// Codes from the root to the parent (empty for the root).
    public var parentPath: [String]
    /// The parent's places (municipal and regional part).
    public var total: Int
    public var rows: [PlanRow]
    public var ties: [Tie]
    public var notes: [PlanNote]
    public var divisor: GroupDivisor?
    /// A phase-in year made of more than one part (the base and steps, each apportioned on its
    /// own): each part's places per row, in the rows' order. Empty for a plain apportionment.
    public var phaseParts: [PhasePart] = []
    public var regional: RegionalPart?
    /// Places apportioned among the rows (total minus any regional part).
    public var apportioned: Int { total - (regional?.seats ?? 0) }
}

/// A note on a level or group, as data; renderers word it per language.
public enum PlanNote: Sendable, Equatable {
    /// Municipalities get places by population share; the date of the population figures.
    case populationShare(date: String)
    /// Cells of a matrix, apportioned biproportionally.
    case biproportionalCells
    /// The allocation against a published table (`compare_with`).
    case publishedComparison(PublishedComparison)
    /// A region takes part of the places before the municipalities.
    case regionalPart(name: String, seats: Int, of: Int, illustrative: Bool)
    /// Last year's shortfall carried over (`carry_over = "shortfall"`): `places` added to `units` units.
    case carriedShortfall(places: Int, units: Int, file: String, year: String, illustrative: Bool)
}

public struct PublishedComparison: Sendable, Equatable {
    public struct Difference: Sendable, Equatable {
        public var name: String
        public var places: Int
    }
    public var label: String
    public var published: Rational
    public var apportioned: Int
    public var more: [Difference]
    public var fewer: [Difference]
}

public struct PlanLevelResult: Sendable {
    public enum Role: String, Sendable {
        /// Units whose places the next level splits.
        case plain
        /// A margin of a matrix (row or column totals); the cells carry on.
        case margin
        /// The cells of a matrix, apportioned biproportionally.
        case cells
    }
    public var name: String
    public var role: Role = .plain
    public var units: ScenarioLevel.UnitKind
    public var groups: [PlanGroup]
    public var notes: [PlanNote]
}

/// A study year of a phase-in: this year's step and the extra places accumulated so far.
public struct PhaseInYear: Sendable, Equatable {
    /// Places before the phase-in.
    public var base: Int
    /// The step taken this year (0 in a year between steps).
    public var step: Int
    /// The extra places in this year: the sum of the steps so far.
    public var cumulative: Int
}

public struct PlanEducationResult: Sendable {
    public enum Role: Sendable, Equatable {
        /// The dimensioned places.
        case dimensioned
        /// The intake derived from another education's places (`overbooking` or `dropout`).
        case intake(of: String, rule: IntakeRule)
    }
    public var id: String
    public var name: String
    public var region: String?
    public var total: Int
    public var levels: [PlanLevelResult]
    public var role: Role = .dimensioned
    public var phaseIn: PhaseInYear?
}

public struct PlanYearResult: Sendable {
    public var year: String
    public var educations: [PlanEducationResult]
}

public struct PlanResult: Sendable {
    public var scenario: Scenario
    public var years: [PlanYearResult]
    public var ageData: AgeDataInfo?
    /// Every data source the plan rests on.
    public var sources: [DataSource]
    public var registry: MunicipalityRegistry
    /// Set by `selecting(_:)`: the rows shown are a selection of the whole plan.
    public var selection: PlanSelection?

    public var ageDataFile: String? { ageData?.file }
    public var ageDataQuarter: String? { ageData?.quarter }
    /// True when any input the plan rests on is illustrative (not published).
    public var restsOnIllustrativeData: Bool { sources.contains { $0.illustrative } }
}

extension Rational {
    /// `reduced`, with the greatest common divisor taken in machine integers when both parts fit
    /// in 63 bits (every key of a level up to millions of units); the same value and the same
    /// numerator and denominator as `reduced`.
    var quicklyReduced: Rational {
        guard numerator.magnitude.bitWidth <= 63, denominator.magnitude.bitWidth <= 63 else { return reduced }
        var a = UInt64(numerator.magnitude), b = UInt64(denominator.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        if a <= 1 { return self }
        let g = BigInt(a)
        return Rational(numerator / g, denominator / g)
    }

    /// The exact sum of `values`, kept on the least common denominator as it goes. (`+` multiplies
    /// the denominators, so summing many values with different denominators, e.g. 100,000 keys,
    /// grows the numbers without bound and takes quadratic time.) Not reduced; the same value.
    static func sum<S: Sequence>(_ values: S) -> Rational where S.Element == Rational {
        var numerator = BigInt(0), denominator = BigInt(1)
        for v in values {
            if v.denominator == denominator { numerator += v.numerator; continue }
            let g = BigInt(denominator.magnitude.greatestCommonDivisor(with: v.denominator.magnitude))
            if g == v.denominator {
                numerator += v.numerator * (denominator / g)
                continue
            }
            let f = v.denominator / g
            numerator = numerator * f + v.numerator * (denominator / g)
            denominator *= f
        }
        return Rational(numerator, denominator)
    }
}

/// One part of a phase-in year: the base or a step ("2025/26"), its places and each row's share of them.
public struct PhasePart: Sendable, Equatable {
    /// "" for the base, else the study year of the step.
    public var year: String
    public var total: Int
    public var seats: [Int]
}
