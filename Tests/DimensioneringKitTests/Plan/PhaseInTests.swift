import Foundation
import Testing
@testable import DimensioneringKit

/// `phase_in`: the base and each step apportioned by the key on their own, the years adding the
/// steps' allocations up (as Absalon's bilag states the sygeplejerske phase-in: 33, 66, 66, each
/// split summer/winter 52/48).
@Suite struct PhaseInTests {
    /// The engine on its own: `seats` by `weights` (Sainte-Laguë, ties in input order), with caps.
    func apportion(_ seats: Int, _ weights: [Int], caps: [Int?]? = nil) throws -> [Int] {
        let units = weights.enumerated().map { i, w in
            ApportionmentUnit(id: "u\(i)", weight: ExactDecimal(w), max: caps?[i] ?? nil)
        }
        return try Apportioner.apportion(ApportionmentProblem(units: units, seats: seats, method: .sainteLague, ties: .inputOrder)).seatsByUnit
    }

    func plan(_ files: [String: String]) throws -> PlanResult {
        let dir = try planTempDir(files)
        return try Planner.run(ScenarioLibrary.load(dir + "/s.toml"))
    }

    func seats(_ r: PlanResult, _ year: String, level: Int = 0, group: Int = 0) -> [Int] {
        r.years.first { $0.year == year }!.educations[0].levels[level].groups[group].rows.map(\.seats)
    }

    @Test func sygeplejerskeEachStepSplitBy52To48() throws {
        let r = try Planner.run(ScenarioLibrary.load("sygeplejerske-sjaelland-phase-in"))
        checkInvariants(r)
        // The source: 33 → 17/16, 66 → 34/32, 66 → 34/32; so 17/16, 51/48, 85/80 (not 86/79).
        #expect(try apportion(33, [52, 48]) == [17, 16])
        #expect(try apportion(66, [52, 48]) == [34, 32])
        let expected: [String: [Int]] = ["2022/23": [0, 0], "2023/24": [17, 16], "2024/25": [17, 16],
                                         "2025/26": [51, 48], "2026/27": [51, 48], "2027/28": [85, 80]]
        for (y, s) in expected { #expect(seats(r, y) == s, "\(y)") }
        // Each year's change is that year's step, split on its own.
        for (i, y) in r.years.enumerated().dropFirst() {
            let step = y.educations[0].phaseIn!.step
            let change = zip(seats(r, y.year), seats(r, r.years[i - 1].year)).map { $0 - $1 }
            #expect(change == (try apportion(step, [52, 48])), "\(y.year)")
        }
        // The praktik places: every municipality's places are the sum of the steps' allocations.
        let praktik = r.years.last!.educations[1].levels[0].groups[0].rows
        #expect(praktik.reduce(0) { $0 + $1.seats } == 165)
        // The JSON that `plan --format json` writes says the same.
        let json = try JSONSerialization.jsonObject(with: Data(r.rendered(.json).utf8)) as! [String: Any]
        let last = (json["years"] as! [[String: Any]]).last!
        #expect(last["year"] as? String == "2027/28")
        let level = ((last["educations"] as! [[String: Any]])[0]["levels"] as! [[String: Any]])[0]
        #expect(level["allocation"] as? [String: Int] == ["sommer": 85, "vinter": 80])
    }

    static let sharesScenario = """
        name = "s"
        method = "sainte-lague"
        ties = "order"

        [component.k]
        kind = "shares"
        values = { a = 5, b = 3, c = 2 }

        [education.x]
        base = 7
        phase_in = { "2023/24" = 11, "2025/26" = 4, "2026/27" = 13 }
        levels = ["site", "season"]

        [education.x.level.site]
        units = ["a", "b", "c"]
        weights = { k = 1 }

        [component.s]
        kind = "shares"
        values = { sommer = 52, vinter = 48 }

        [education.x.level.season]
        units = ["sommer", "vinter"]
        weights = { s = 1 }

        """

    @Test func baseAndStepsAllocatedOnTheirOwnThroughEveryLevel() throws {
        let r = try plan(["s.toml": Self.sharesScenario])
        checkInvariants(r)
        #expect(r.years.map(\.year) == ["2023/24", "2024/25", "2025/26", "2026/27"])
        // By hand: the base and each step by the key 5/3/2, each site's part by 52/48.
        var site = try apportion(7, [5, 3, 2])
        var season = try site.map { try apportion($0, [52, 48]) }
        for (y, step) in [("2023/24", 11), ("2024/25", 0), ("2025/26", 4), ("2026/27", 13)] {
            let s = try apportion(step, [5, 3, 2])
            site = zip(site, s).map { $0 + $1 }
            season = try zip(season, s).map { old, n in zip(old, try apportion(n, [52, 48])).map { $0 + $1 } }
            #expect(seats(r, y) == site, "\(y) sites")
            for g in 0..<3 { #expect(seats(r, y, level: 1, group: g) == season[g], "\(y) seasons of site \(g)") }
        }
        let total = site.reduce(0, +)
        #expect(total == 35)
    }

    static let cappedScenario = """
        name = "s"
        method = "sainte-lague"
        ties = "order"

        [component.k]
        kind = "shares"
        values = { a = 6, b = 3, c = 1 }

        [education.x]
        phase_in = { "2023/24" = 10, "2024/25" = 10, "2025/26" = 10 }
        levels = ["site"]

        [education.x.level.site]
        units = ["a", "b", "c"]
        weights = { k = 1 }
        bounds = "data/b.csv"

        """

    @Test func aStepGoesToTheUnitsWithRoomLeftUnderTheirCaps() throws {
        let r = try plan(["s.toml": Self.cappedScenario, "data/b.csv": "code,max\na,14\n"])
        checkInvariants(r)
        // 10 by 6/3/1: 6/3/1; a has 6 of its 14. Step 2: 6/3/1 again → a at 12. Step 3: a has room
        // for 2 only, so the step is 10 by 6/3/1 with a's cap 2: 2/6/2.
        #expect(try apportion(10, [6, 3, 1]) == [6, 3, 1])
        #expect(try apportion(10, [6, 3, 1], caps: [2, nil, nil]) == [2, 6, 2])
        #expect(seats(r, "2023/24") == [6, 3, 1])
        #expect(seats(r, "2024/25") == [12, 6, 2])
        #expect(seats(r, "2025/26") == [14, 12, 4])
        let a = r.years.last!.educations[0].levels[0].groups[0].rows[0]
        #expect(a.bound == .atMaximum && a.max == 14)
        #expect(r.years[1].educations[0].levels[0].groups[0].rows[0].bound == .free)
    }

    @Test func aFloorBindsTheAccumulatedPlaces() throws {
        let r = try plan(["s.toml": Self.cappedScenario, "data/b.csv": "code,min\nc,3\n"])
        // (No checkInvariants: c keeps the place the floor gave it in step 1 when the floor no
        // longer binds, so it stands more than one place per part above its ideal quota.)
        #expect(r.years.map { $0.educations[0].levels[0].groups[0].rows.reduce(0) { $0 + $1.seats } } == [10, 20, 30])
        // Step 1: c's floor 3 binds; later steps: the floor is met, so c gets the key's share of
        // each step on top.
        let first = try Apportioner.apportion(ApportionmentProblem(
            units: [ApportionmentUnit(id: "a", weight: ExactDecimal(6)), ApportionmentUnit(id: "b", weight: ExactDecimal(3)),
                    ApportionmentUnit(id: "c", weight: ExactDecimal(1), min: 3)], seats: 10, method: .sainteLague, ties: .inputOrder)).seatsByUnit
        #expect(seats(r, "2023/24") == first)
        #expect(seats(r, "2024/25") == zip(first, try apportion(10, [6, 3, 1])).map { $0 + $1 })
    }
}
