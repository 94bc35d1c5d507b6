import BigInt
import Foundation
import Testing
@testable import DimensioneringKit

@Suite struct SweepTests {
    static let kl = "sosu-2023-kl-key"

    // MARK: Parsing

    @Test func varyGrid() throws {
        let v = try SweepVary.parse("education.hjaelper.total=2900:3100:50")
        #expect(v.values == ["2900", "2950", "3000", "3050", "3100"])
        let w = try SweepVary.parse("a.b=0.3:0.7:0.1,complement=a.c")
        #expect(w.values == ["0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(w.sets(0) == ["a.b=0.3", "a.c=0.7"])
        // TO not on the grid: stops below it.
        #expect(try SweepVary.parse("x=1:2:0.4").values == ["1", "1.4", "1.8"])
        let spec = SweepSpec(scenario: "x", vary: [v, try SweepVary.parse("y=1:3:1")])
        #expect(spec.gridPoints == 15)
        // The first --vary varies slowest.
        #expect(spec.sets(ofPoint: 0) == ["education.hjaelper.total=2900", "y=1"])
        #expect(spec.sets(ofPoint: 4) == ["education.hjaelper.total=2950", "y=2"])
        #expect(spec.sets(ofPoint: 14) == ["education.hjaelper.total=3100", "y=3"])
    }

    @Test(arguments: ["total", "total=", "total=1:2", "total=a:2:1", "total=2:1:1", "total=1:2:0", "total=-1:2:1", "=1:2:1",
                      "w=0.5:1.5:0.5,complement=v", "w=0:1:1,other=x", "total=0:1000000:1"])
    func badVary(_ text: String) {
        #expect {
            try SweepVary.parse(text)
        } throws: { e in
            guard case DimensioneringError.usage(let msg) = e else { return false }
            return msg.contains("--vary '\(text)'")
        }
    }

    @Test func perturbParse() throws {
        let p = try SweepPerturbation.parse("population=2%")
        #expect(p.percent == Rational(2) && p.target == .population)
        #expect(try SweepPerturbation.parse("population=2,5 %").percent == Rational(5, 2))
        for bad in ["population=2", "people=2%", "population=x%", "population=60%", "population=1.234%", "population"] {
            #expect(throws: DimensioneringError.self) { try SweepPerturbation.parse(bad) }
        }
    }

    @Test func badCombinations() {
        let cases: [SweepSpec] = [
            SweepSpec(scenario: Self.kl),
            SweepSpec(scenario: Self.kl, samples: 3),
            SweepSpec(scenario: Self.kl, perturbations: [SweepPerturbation(target: .population, percent: Rational(2), percentText: "2")]),
        ]
        for s in cases {
            #expect(throws: DimensioneringError.self) { try s.validate() }
        }
    }

    // MARK: Grid

    @Test func gridHasOneScenarioPerPointAndEachSumsToItsTotal() throws {
        let spec = SweepSpec(scenario: "sosu-2023", vary: [try SweepVary.parse("education.hjaelper.total=2990:3010:10")])
        let r = try Sweep.run(spec, threads: 2)
        #expect(r.scenarioCount == 3)
        let kkrRows = r.layout.rows.indices.filter { r.layout.rows[$0].education == "hjaelper" && r.layout.rows[$0].units == .kkr }
        let muniRows = r.layout.rows.indices.filter { r.layout.rows[$0].education == "hjaelper" && r.layout.rows[$0].units == .municipality }
        #expect(kkrRows.count == 5 && muniRows.count == 98)
        for (i, total) in [2990, 3000, 3010].enumerated() {
            let p = r.places(scenario: i)
            #expect(kkrRows.reduce(0) { $0 + p[$1]! } == total)
            #expect(muniRows.reduce(0) { $0 + p[$1]! } == total)
        }
        // The middle point is the baseline itself.
        let base = r.layout.rows.map(\.baseline)
        #expect(r.places(scenario: 1).map { $0! } == base)
        for s in r.stats { #expect(s.bracketsBaseline) }
        // A grid point is reproduced by `plan --set`.
        #expect(r.reproduce(0) == "dimensionering plan sosu-2023 --set education.hjaelper.total=2990")
    }

    @Test func weightWithComplement() throws {
        let path = "education.hjaelper.level.kkr.weights"
        let spec = SweepSpec(scenario: Self.kl, vary: [try SweepVary.parse("\(path).published_hjaelper_2022=0.3:0.7:0.2,complement=\(path).elderly")])
        let r = try Sweep.run(spec, threads: 2)
        #expect(r.scenarioCount == 3)
        // 0.5 is the scenario's own weight: the middle point equals the baseline.
        #expect(r.places(scenario: 1).map { $0! } == r.layout.rows.map(\.baseline))
        #expect(r.reproduce(2).contains("--set \(path).published_hjaelper_2022=0.7 --set \(path).elderly=0.3"))
    }

    @Test func unknownVaryPathIsAUsageError() {
        let spec = SweepSpec(scenario: "sosu-2023", vary: [try! SweepVary.parse("education.hjaelper.totl=1:2:1")])
        #expect {
            try Sweep.run(spec, threads: 1)
        } throws: { e in
            if case DimensioneringError.usage(let m) = e { return m.contains("--vary") }
            return false
        }
    }

    // MARK: Perturbation

    static let twoPercent = SweepPerturbation(target: .population, percent: Rational(2), percentText: "2")

    @Test func zeroPerturbationIsTheBaseline() throws {
        let zero = SweepPerturbation(target: .population, percent: Rational(0), percentText: "0")
        let r = try Sweep.run(SweepSpec(scenario: Self.kl, samples: 3, seed: 5, perturbations: [zero]), threads: 2)
        for s in r.stats {
            #expect(s.min == s.baseline && s.max == s.baseline && s.changed == 0)
        }
        #expect(r.fragile.isEmpty)
    }

    @Test func perturbedInputsScaleResidentsPerMunicipality() throws {
        let inputs = try PlanLoader.load(try ScenarioLibrary.load(Self.kl))
        let pop = try ShippedAgeData.load()
        let p = try Perturber(inputs: inputs, perturbations: [Self.twoPercent], population: pop)
        #expect(p.targets.count == 4)  // elderly at KKR and municipality level, for hjælper and assistent
        let out = p.perturbed(inputs, seed: 99)
        let key = LevelKey(education: "hjaelper", level: "municipality")
        let before = inputs.levels[key]!.values["elderly"]!, after = out.levels[key]!.values["elderly"]!
        var changed = 0
        for (code, v) in before {
            let ratio = (after[code]! / v).doubleValue
            #expect(ratio > 0.97 && ratio < 1.03, "\(code): \(ratio)")  // ±2 %, and rounding to whole residents
            if after[code]! != v { changed += 1 }
        }
        #expect(changed > 90)
        // KKR values are the sums of their municipalities.
        let kkr = out.levels[LevelKey(education: "hjaelper", level: "kkr")]!.values["elderly"]!
        for k in MunicipalityRegistry.kkrNames {
            let sum = MunicipalityRegistry.denmark.all.filter { $0.kkr == k }.reduce(Rational(0)) { $0 + after[$1.code]! }
            #expect(kkr[k]! == sum)
        }
        // Published history is untouched.
        #expect(out.levels[LevelKey(education: "hjaelper", level: "kkr")]!.values["published_hjaelper_2022"]! ==
                inputs.levels[LevelKey(education: "hjaelper", level: "kkr")]!.values["published_hjaelper_2022"]!)
        // The same seed, the same draw.
        #expect(p.perturbed(inputs, seed: 99).levels[key]!.values["elderly"]! == after)
    }

    @Test func sameSeedSameOutputWhateverTheThreads() throws {
        let spec = SweepSpec(scenario: Self.kl, samples: 6, seed: 1, perturbations: [Self.twoPercent])
        let one = try Sweep.run(spec, threads: 1)
        let two = try Sweep.run(spec, threads: 2)
        let three = try Sweep.run(spec, threads: 3)
        for f in [OutputFormat.json, .csv, .table] {
            #expect(one.rendered(f, lang: .da) == two.rendered(f, lang: .da))
            #expect(one.rendered(f, lang: .da) == three.rendered(f, lang: .da))
        }
        // Another seed draws other samples.
        var other = spec
        other.seed = 2
        #expect(try Sweep.run(other, threads: 2).rendered(.json, lang: .da) != one.rendered(.json, lang: .da))
    }

    @Test func perturbedRangesBracketTheBaseline() throws {
        let n = ProcessInfo.processInfo.environment["DIMENSIONERING_EXHAUSTIVE"] == "1" ? 1000 : 24
        let r = try Sweep.run(SweepSpec(scenario: Self.kl, samples: n, seed: 1, perturbations: [Self.twoPercent]), threads: 2)
        #expect(r.scenarioCount == n)
        let munis = r.stats.filter { $0.row.units == .municipality }
        #expect(munis.count == 196)
        for s in r.stats {
            #expect(s.scenarios == n)
            #expect(s.counts.reduce(0) { $0 + $1.count } == n)
            #expect(Rational(s.min) <= s.median && s.median <= Rational(s.max))
        }
        if n == 1000 { for s in munis { #expect(s.bracketsBaseline, "\(s.row.name) \(s.row.education): \(s.min)–\(s.max), \(s.baseline)") } }
        // Every sample still sums to the education's total.
        for i in 0..<n {
            let p = r.places(scenario: i)
            for (edu, total) in [("hjaelper", 3000), ("assistent", 6000)] {
                #expect(r.layout.rows.indices.filter { r.layout.rows[$0].education == edu && r.layout.rows[$0].units == .municipality }
                    .reduce(0) { $0 + p[$1]! } == total)
            }
        }
        // Fragile: sorted by how often they change, each changing at least once.
        let f = r.fragile
        #expect(!f.isEmpty)
        #expect(zip(f, f.dropFirst()).allSatisfy { $0.changed >= $1.changed })
        #expect(f.allSatisfy { $0.min < $0.max })
    }

    @Test func oneSampleReproducesTheSweepsExtreme() throws {
        let spec = SweepSpec(scenario: Self.kl, samples: 8, seed: 3, perturbations: [Self.twoPercent])
        let r = try Sweep.run(spec, threads: 2)
        let i = try #require(r.extremeScenarios.last)
        let line = r.reproduce(i)
        #expect(line.hasPrefix("dimensionering sweep \(Self.kl) --perturb population=2% --seed 3 --sample \(i)"))
        var one = spec
        one.onlySample = i
        one.samples = 1
        let again = try Sweep.run(one, threads: 1)
        #expect(again.places(scenario: 0) == r.places(scenario: i))
    }

    @Test func renderings() throws {
        let r = try Sweep.run(SweepSpec(scenario: Self.kl, samples: 4, seed: 1, perturbations: [Self.twoPercent]), threads: 2)
        let t = r.rendered(.table, lang: .da)
        #expect(t.hasPrefix("Følsomhed: "))
        #expect(t.contains("kommunekvoter ændrer sig i mindst ét af de 4 scenarier"))
        #expect(t.contains("Grundplan") && t.contains("Illustrativt tal (ikke offentliggjort)"))
        #expect(r.rendered(.table, lang: .en).contains("municipal quotas change"))
        let da = r.rendered(.csvDanish, lang: .da)
        #expect(da.hasPrefix("\u{FEFF}Studieår;Uddannelse;"))
        let html = r.rendered(.html, lang: .da)
        #expect(html.contains("<svg") && html.components(separatedBy: "<svg").count - 1 == r.stats.count)
        let json = r.rendered(.json, lang: .da)
        #expect(json.contains("\"scenarios\": 4") && json.contains("\"distribution\": \"uniform\""))
    }
}
