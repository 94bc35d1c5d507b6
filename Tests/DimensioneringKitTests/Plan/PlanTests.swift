import Foundation
import BigInt
import Testing
@testable import DimensioneringKit

let folk1aPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()  // Tests/
    .appendingPathComponent("Fixtures/dst-folk1a-2020K1/DERIVED_folk1a_2020K1_long_by_age_sex.csv").path

/// Writes files into a fresh temporary directory; returns its path.
func planTempDir(_ files: [String: String]) throws -> String {
    let dir = NSTemporaryDirectory() + "plan-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    return dir
}

func planError(_ body: () throws -> Void) -> DimensioneringError? {
    do { try body(); return nil } catch let e as DimensioneringError { return e } catch let e as PlanError {
        switch e {
        case .data(let loc, let msg): return .badData(loc, msg)
        case .infeasible(let msg): return .infeasible(msg)
        case .invalid(let msg), .internalInconsistency(let msg): return .internalError(msg)
        }
    } catch { return .internalError("\(error)") }
}

extension DimensioneringError {
    /// The case, for expectations (the exit codes are the CLI's, tested in CLITests).
    var kind: String {
        switch self {
        case .badData: return "badData"
        case .missingInput: return "missingInput"
        case .usage: return "usage"
        case .infeasible: return "infeasible"
        case .tie: return "tie"
        case .cannotCreateOutput: return "cannotCreateOutput"
        case .internalError: return "internalError"
        }
    }
}

/// Every group sums to its parent, keys sum to 1, bounds hold, ideal = key × total.
func checkInvariants(_ r: PlanResult) {
    for (yi, y) in r.years.enumerated() {
        for e in y.educations {
            // A phase-in year adds the base's and the steps' allocations, each within one place of
            // its own ideal quota: the year within one place per part.
            let steps = r.scenario.educations.first { $0.id == e.id }?.phaseIn ?? []
            let parts = e.phaseIn == nil ? 1
                : Swift.max(1, steps.prefix(yi + 1).filter { $0.step > 0 }.count + ((e.phaseIn?.base ?? 0) > 0 ? 1 : 0))
            var parentSeats: [String: Int] = ["": e.total]
            for l in e.levels {
                var next: [String: Int] = [:]
                for g in l.groups {
                    let key = g.parentPath.joined(separator: "/")
                    #expect(parentSeats[key] == g.total, "group \(g.parentCode) total")
                    // A region's part (region_share) comes off first: the rows share the rest.
                    #expect(g.rows.reduce(0) { $0 + $1.seats } + (g.regional?.seats ?? 0) == g.total, "\(e.id) \(l.name) \(g.parentCode) sums to parent")
                    #expect(g.rows.reduce(Rational(0)) { $0 + $1.key } == Rational(1), "keys sum to 1")
                    for row in g.rows {
                        #expect(row.ideal == row.key * Rational(g.apportioned))
                        #expect(row.seats >= row.min)
                        if let m = row.max { #expect(row.seats <= m) }
                        // Divisor methods stay within one place of the ideal quota when no bound binds.
                        if l.role != .cells, g.rows.allSatisfy({ $0.bound == .free }) {
                            #expect(Rational(row.seats) - row.ideal < Rational(parts) && row.ideal - Rational(row.seats) < Rational(parts))
                        }
                        next[(g.parentPath + [row.code]).joined(separator: "/")] = row.seats
                    }
                }
                if l.role != .margin { parentSeats = next }
            }
        }
    }
}

@Suite struct PlanScenarioTests {
    func seats(_ g: PlanGroup) -> [Int] { g.rows.map(\.seats) }

    @Test func sosu2023ReproducesPublishedHjaelperAndRestoresThreeAssistent() throws {
        let r = try Planner.run(ScenarioLibrary.load("sosu-2023"))
        checkInvariants(r)
        #expect(r.years.count == 1)
        let edus = r.years[0].educations
        #expect(edus.map(\.id) == ["hjaelper", "assistent"])
        #expect(edus.map(\.total).reduce(0, +) == 9000)
        let hk = edus[0].levels[0].groups[0]
        #expect(hk.rows.map(\.code) == MunicipalityRegistry.kkrNames)
        #expect(seats(hk) == [849, 474, 696, 668, 313])
        let ak = edus[1].levels[0].groups[0]
        #expect(seats(ak) == [1777, 955, 1329, 1304, 635])
        #expect(ak.notes.first?.english == "KL 2023, assistent: published 5,997; apportioned 6,000; +3 to Hovedstaden, Syddanmark, Midtjylland")
        #expect(hk.notes.first?.english.hasSuffix("identical to the published figures") == true)
        // Municipalities: one group per KKR, all 98 municipalities.
        for e in edus {
            let m = e.levels[1]
            #expect(m.groups.count == 5)
            #expect(m.groups.flatMap(\.rows).count == 98)
            #expect(m.notes.first == .populationShare(date: "1. januar 2022"))
            #expect(m.notes.first?.english == "municipalities by population share (residents 1. januar 2022)")
        }
        let kbh = edus[1].levels[1].groups[0].rows.first { $0.code == "101" }!
        #expect(kbh.name == "København")
        #expect(kbh.key.doubleValue > 0.34)
    }

    @Test func sosu2023OutputIsDeterministic() throws {
        let a = try Planner.run(ScenarioLibrary.load("sosu-2023"))
        let b = try Planner.run(ScenarioLibrary.load("sosu-2023"))
        for f in OutputFormat.allCases { #expect(a.rendered(f) == b.rendered(f)) }
        let json = a.rendered(.json)
        #expect(json.contains("\"allocation\": {\n            \"Hovedstaden\": 1777,"))
        #expect(json.contains("\"101\": "))
    }

    @Test func klKeyRunsWithTheShippedAgeData() throws {
        let s = try ScenarioLibrary.load("sosu-2023-kl-key")
        #expect(s.chain == ["Scenarios/sosu-2023-kl-key.toml", "Scenarios/sosu-2023.toml"])
        let r = try Planner.run(s)
        checkInvariants(r)
        #expect(r.ageData == AgeDataInfo(file: "data/folk1a-2020K1-age-bands.csv", quarter: "2020K1", shipped: true))
        // The unit amounts are illustrative, and the plan says so.
        #expect(r.restsOnIllustrativeData)
        #expect(r.sources.contains { $0.illustrative && $0.label.hasPrefix("Ældreudgiftsnøgle") })
        // The shipped bands are the 2020K1 export's: the same key as reading the export itself.
        if FileManager.default.fileExists(atPath: folk1aPath) {
            let viaExport = try Planner.run(s, population: try StatBank.readFOLK1A(path: folk1aPath))
            for (a, b) in zip(r.years[0].educations, viaExport.years[0].educations) {
                for (la, lb) in zip(a.levels, b.levels) {
                    #expect(la.groups.flatMap { $0.rows.map(\.seats) } == lb.groups.flatMap { $0.rows.map(\.seats) })
                }
            }
        }
    }

    @Test func klKeyWithFOLK1A() throws {
        try #require(FileManager.default.fileExists(atPath: folk1aPath), "missing test data \(folk1aPath)")
        let s = try ScenarioLibrary.load("sosu-2023-kl-key")
        let pop = try StatBank.readFOLK1A(path: folk1aPath)
        let r = try Planner.run(s, population: pop)
        checkInvariants(r)
        let hk = r.years[0].educations[0].levels[0].groups[0]
        #expect(hk.rows.reduce(0) { $0 + $1.seats } == 3000)
        // Floors: 95 % of the 2022 row, rounded up.
        #expect(hk.rows.map(\.min) == [811, 451, 664, 630, 297])
        // The KKR key is the 50/50 blend of the 2022 shares and the elderly key, exactly.
        let key = try ElderlyKey.compute(population: pop, bands: {
            if case .elderly(let b) = s.components["elderly"]!.kind { return b }
            return []
        }())
        var byKKR: [String: Rational] = [:]
        for en in key.entries { byKKR[en.municipality.kkr] = (byKKR[en.municipality.kkr] ?? Rational(0)) + Rational(decimalText: en.weight)! }
        let national = Rational(decimalText: key.nationalWeight)!
        let hist = [853, 474, 698, 663, 312]
        for (i, row) in hk.rows.enumerated() {
            let expected = Rational(1, 2) * Rational(BigInt(hist[i]), BigInt(3000)) + Rational(1, 2) * byKKR[row.code]! / national
            #expect(row.key == expected)
        }
        // A second, independent load and run renders byte-identically.
        let again = try Planner.run(try ScenarioLibrary.load("sosu-2023-kl-key"), population: try StatBank.readFOLK1A(path: folk1aPath))
        #expect(again.rendered(.table) == r.rendered(.table))
    }

    @Test func paedagogHovedstaden() throws {
        let r = try Planner.run(ScenarioLibrary.load("paedagog-hovedstaden-2022-23"))
        checkInvariants(r)
        let p = r.years[0].educations[0]
        #expect(p.total == 1881)
        #expect(p.levels.map(\.role) == [.margin, .margin, .cells])
        #expect(seats(p.levels[0].groups[0]) == [941, 564, 376])
        #expect(seats(p.levels[1].groups[0]) == [1480, 345, 56])
        // The matrix meets both margins exactly.
        let cells = p.levels[2].groups[0].rows
        #expect(cells.count == 9)
        for (i, spec) in ["dagtilbud", "social-special", "skole-fritid"].enumerated() {
            #expect(cells.filter { $0.code.hasPrefix(spec + "/") }.reduce(0) { $0 + $1.seats } == seats(p.levels[0].groups[0])[i])
        }
        for (j, site) in ["kp-kobenhavn", "kp-hillerod", "kp-bornholm"].enumerated() {
            #expect(cells.filter { $0.code.hasSuffix("/" + site) }.reduce(0) { $0 + $1.seats } == seats(p.levels[1].groups[0])[j])
        }
        // Sites × seasons: both margins fixed, so the region's seasons are split on the whole
        // (941/940), not rounded per site (which gave 943/938).
        let season = r.years[0].educations[1]
        #expect(season.id == "paedagog_saeson")
        #expect(seats(season.levels[0].groups[0]) == [1480, 345, 56])
        #expect(seats(season.levels[1].groups[0]) == [941, 940])
        #expect(season.levels[2].groups[0].rows.reduce(0) { $0 + $1.seats } == 1881)
        let praktik = r.years[0].educations[2]
        #expect(praktik.levels[0].groups[0].rows.count == 29)
        #expect(praktik.levels[0].groups[0].rows.reduce(0) { $0 + $1.seats } == 1881)
    }

    @Test func paedagogSjaelland300() throws {
        let r = try Planner.run(ScenarioLibrary.load("paedagog-sjaelland-300"))
        checkInvariants(r)
        let p = r.years[0].educations[0]
        #expect(seats(p.levels[0].groups[0]) == [35, 100])
        #expect(seats(p.levels[1].groups[0]) == [18, 17])  // 17.5 / 17.5: a tie, reported
        #expect(p.levels[1].groups[0].ties.count == 1)
        #expect(seats(p.levels[1].groups[1]) == [50, 50])
        let praktik = r.years[0].educations[1].levels[0].groups[0]
        #expect(praktik.rows.count == 17)
        #expect(praktik.rows.allSatisfy { MunicipalityRegistry.denmark.byCode[$0.code]?.kkr == "Sjælland" })
        // The variant with the current key 52/48 (extends, overriding the weights only).
        let v = try Planner.run(ScenarioLibrary.load("paedagog-sjaelland-300-key-52-48"))
        checkInvariants(v)
        let vp = v.years[0].educations[0]
        #expect(seats(vp.levels[0].groups[0]) == [35, 100])
        #expect(seats(vp.levels[1].groups[0]) == [18, 17])
        #expect(seats(vp.levels[1].groups[1]) == [52, 48])
    }

    @Test func sygeplejerskePhaseIn() throws {
        let r = try Planner.run(ScenarioLibrary.load("sygeplejerske-sjaelland-phase-in"))
        checkInvariants(r)
        // Every study year from the first step to the last; the steps accumulate to +165.
        #expect(r.years.map(\.year) == ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27", "2027/28"])
        #expect(r.years.map { $0.educations[0].total } == [0, 33, 33, 99, 99, 165])
        #expect(r.years.map { $0.educations[0].phaseIn?.step } == [0, 33, 0, 66, 0, 66])
        #expect(r.years.map { $0.educations[0].phaseIn?.cumulative } == [0, 33, 33, 99, 99, 165])
        #expect(r.years.map { self.seats($0.educations[0].levels[0].groups[0]) } == [[0, 0], [17, 16], [17, 16], [51, 48], [51, 48], [85, 80]])
        let json = r.rendered(.json)
        #expect(json.contains("\"year\": \"2023/24\""))
    }

    @Test func embeddedScenariosAllRun() throws {
        let names = ScenarioLibrary.embeddedNames()
        #expect(names.contains("sosu-2023"))
        #expect(names.count >= 6)
        for n in names where n != "sosu-2023-kl-key" {
            checkInvariants(try Planner.run(ScenarioLibrary.load(n)))
        }
    }
}

@Suite struct PlanScenarioErrorTests {
    let base = """
        name = "t"
        method = "sainte-lague"

        [component.population]
        kind = "population"

        [education.x]
        total = 100
        levels = ["kkr", "municipality"]

        [education.x.level.kkr]
        weights = { population = 1 }

        [education.x.level.municipality]
        weights = { population = 1 }

        """

    func load(_ files: [String: String], _ main: String = "s.toml") throws -> PlanResult {
        let dir = try planTempDir(files)
        return try Planner.run(ScenarioLibrary.load(dir + "/" + main))
    }

    @Test func validBaseRuns() throws {
        let r = try load(["s.toml": base])
        checkInvariants(r)
        #expect(r.years[0].educations[0].levels[1].groups.flatMap(\.rows).count == 98)
    }

    @Test func unknownKeyWithSuggestion() {
        let e = planError { _ = try load(["s.toml": base + "[education.x.level.kkr]\n"] ) }
        #expect(e != nil)
        let e2 = planError { _ = try load(["s.toml": base.replacingOccurrences(of: "method =", with: "methd =")]) }
        #expect(e2?.kind == "badData")
        #expect(e2?.description.hasSuffix("s.toml:2: field 'methd': unknown key 'methd' in the scenario; did you mean 'method'?") == true)
        let e3 = planError { _ = try load(["s.toml": base.replacingOccurrences(of: "total = 100", with: "totl = 100\ntotal = 1")]) }
        #expect(e3?.description.contains("s.toml:8: field 'education.x.totl': unknown key 'totl'") == true)
        #expect(e3?.description.contains("did you mean 'total'?") == true)
    }

    @Test func weightsMustSumToOne() {
        let text = base.replacingOccurrences(of: "[education.x.level.kkr]\nweights = { population = 1 }",
                                             with: "[education.x.level.kkr]\nweights = { population = 0.7 }")
        let e = planError { _ = try load(["s.toml": text]) }
        #expect(e?.kind == "badData")
        #expect(e?.description.hasSuffix("s.toml:12: field 'education.x.level.kkr.weights': weights sum to 0.700000, not 1") == true)
    }

    @Test func negativeTotal() {
        let e = planError { _ = try load(["s.toml": base.replacingOccurrences(of: "total = 100", with: "total = -5")]) }
        #expect(e?.kind == "badData")
        #expect(e?.description.hasSuffix("s.toml:8: field 'education.x.total': total -5 is negative") == true)
    }

    @Test func controlCharactersInTextValuesAreRefused() {
        // A TOML escape could put an ESC (terminal control) or a bidi override into every report.
        for (escape, code) in [("\\u001B[31m", "U+001B"), ("\\u202E", "U+202E"), ("\\u0000", "U+0000")] {
            let e = planError { _ = try load(["s.toml": "title = \"a\(escape)b\"\n" + base]) }
            #expect(e?.kind == "badData")
            #expect(e?.description.contains("s.toml:1: field 'title': a control character (\(code))") == true, "\(String(describing: e))")
        }
        let n = planError { _ = try load(["s.toml": "notes = [\"ok\", \"x\\u0007\"]\n" + base]) }
        #expect(n?.description.contains("field 'notes': a control character (U+0007)") == true)
    }

    @Test func unknownMunicipalityInBounds() {
        let text = base + "bounds = \"data/b.csv\"\n"
        let e = planError { _ = try load(["s.toml": text, "data/b.csv": "code,min,max\n101,1,\nKøbenhvn,2,3\n"]) }
        #expect(e?.kind == "badData")
        #expect(e?.description.hasSuffix("data/b.csv:3: field 'code': unknown municipality 'Københvn'; did you mean '101 København'?") == true)
    }

    @Test func capBelowFloorAndPercentOfLastYear() throws {
        let text = base + "bounds = \"data/b.csv\"\nmin_pct_of_last_year = 90\n"
        let e = planError { _ = try load(["s.toml": text, "data/b.csv": "code,last_year,max\n101,10,8\n"]) }
        #expect(e?.kind == "badData")
        #expect(e?.description.hasSuffix("data/b.csv:2: field 'max': cap 8 is below the floor 9 for 101") == true)
        // A binding floor: 90 % of 30 → at least 27 for Dragør.
        let r = try load(["s.toml": text.replacingOccurrences(of: "total = 100", with: "total = 1000"),
                          "data/b.csv": "code,last_year,max\n155,30,\n101,,5\n"])
        checkInvariants(r)
        let hs = r.years[0].educations[0].levels[1].groups[0]
        let dragoer = hs.rows.first { $0.code == "155" }!
        #expect(dragoer.seats == 27 && dragoer.bound == .atMinimum)
        let kbh = hs.rows.first { $0.code == "101" }!
        #expect(kbh.seats == 5 && kbh.bound == .atMaximum)
    }

    @Test func extendsCycle() {
        let e = planError { _ = try load(["a.toml": "extends = \"b\"\n" + base, "b.toml": "extends = \"a\"\n"], "a.toml") }
        #expect(e?.kind == "badData")
        #expect(e?.description.contains("b.toml:1: field 'extends': extends cycle: ") == true)
        let self_ = planError { _ = try load(["a.toml": "extends = \"a\"\n" + base], "a.toml") }
        #expect(self_?.description.contains("extends cycle") == true)
    }

    @Test func extendsOverridesAFewValues() throws {
        let r = try load(["a.toml": "extends = \"sosu-2023\"\nname = \"a\"\n[education.hjaelper]\ntotal = 3100\n"], "a.toml")
        checkInvariants(r)
        #expect(r.scenario.chain.count == 2)
        #expect(r.years[0].educations[0].total == 3100)
        #expect(r.years[0].educations[1].total == 6000)
    }

    @Test func missingReferencedFile() {
        let e = planError { _ = try load(["s.toml": base + "bounds = \"data/nope.csv\"\n"]) }
        #expect(e?.kind == "missingInput")
        #expect(e?.description.contains("s.toml:16: field 'education.x.level.municipality.bounds'") == true)
        let e2 = planError { _ = try load(["s.toml": "extends = \"no-such-base\"\n" + base]) }
        #expect(e2?.kind == "missingInput")
        let e3 = planError { _ = try ScenarioLibrary.load("sosu-2o23") }
        #expect(e3?.kind == "missingInput")
        #expect(e3?.description.contains("did you mean 'sosu-2023'?") == true)
    }

    @Test func unknownComponentAndUnits() {
        let e = planError { _ = try load(["s.toml": base.replacingOccurrences(of: "[education.x.level.kkr]\nweights = { population = 1 }",
                                                                            with: "[education.x.level.kkr]\nweights = { populaton = 1 }")]) }
        #expect(e?.description.contains("s.toml:12: field 'education.x.level.kkr.weights.populaton': unknown component 'populaton'; did you mean 'population'?") == true)
        let shares = """
            [component.s]
            kind = "shares"
            values = { a = 1, bb = 2 }
            [education.y]
            total = 10
            levels = ["l"]
            [education.y.level.l]
            units = ["a", "b"]
            weights = { s = 1 }
            """
        let e2 = planError { _ = try load(["s.toml": base + shares]) }
        #expect(e2?.kind == "badData")
        #expect(e2?.description.contains("unknown unit 'bb'") == true)
    }

    @Test func infeasibleFloors() {
        let e = planError { _ = try load(["s.toml": base + "bounds = \"data/b.csv\"\n", "data/b.csv": "code,min\n101,90\n147,90\n"]) }
        #expect(e?.kind == "infeasible")
    }
}
