import Foundation
import Testing
@testable import DimensioneringKit

@Suite struct ViewsTests {
    static let published = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/DimensioneringKit/Resources/Scenarios/data/published/sosu-kkr-2023.csv").path

    @Test(arguments: ["259", "Køge", "101", "860", "400"])
    func explainReproducesAllocation(_ kommune: String) throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        let m = try #require(MunicipalityRegistry.denmark.lookup(kommune))
        let ex = Explanation.explain(plan, municipality: m)
        #expect(ex.steps.count == 4)  // 2 educations × (KKR, kommune)
        for s in ex.steps {
            #expect(s.ideal == s.key * Rational(s.apportioned))
            // A whole ideal quota needs no divisor; otherwise the divisor explains the places.
            if s.bound == .free && Rational(s.ideal.floor) != s.ideal {
                let d = try #require(s.divisor)
                #expect(DivisorInterval.round(.sainteLague, s.weight / d).seats == s.seats)
            }
        }
        let a = try #require(ex.answers.first)
        #expect(a.total == a.places.reduce(0) { $0 + $1.seats })
        if kommune == "259" {
            // The answer first: Køge, 35 hjælper + 70 assistent = 105.
            #expect(ex.text.hasPrefix("Køge (259), SOSU 2023: 35 social- og sundhedshjælpere + 70 social- og sundhedsassistenter = 105 pladser."))
            #expect(ex.text.contains("61.718 indbyggere"))
            #expect(ex.text.contains("Køge får 35 af KKR Sjællands 474 pladser"))
            #expect(ex.text.contains("én plads pr. 1.780 indbyggere"))
        }
    }

    @Test func divisorIntervalExact() {
        // 2 and 0 seats for equal weights: no divisor method can do that.
        for m in ApportionmentMethod.allCases where m.isDivisorMethod {
            #expect(!DivisorInterval.compute(method: m, ids: ["a", "b"], weights: [Rational(1), Rational(1)], seats: [2, 0]).feasible)
        }
        // Sainte-Laguë on 3:1 with 2 seats: 2/0 needs D ≥ 3/2.5 = 1.2 and D ≤ 1/0.5 = 2 for b to get 0 → D in [1.2, 2]? b: 1/D ≤ 0.5 → D ≥ 2.
        let iv = DivisorInterval.compute(method: .sainteLague, ids: ["a", "b"], weights: [Rational(3), Rational(1)], seats: [1, 1])
        #expect(iv.feasible)  // 3/1.5 = 2 ≤ D ≤ 3/0.5 = 6 and 1/1.5 ≤ D ≤ 1/0.5 = 2: only D = 2 (a tie)
        #expect(iv.needsTie)
        #expect(!LargestRemainderCheck.compute(ids: ["a", "b"], weights: [Rational(3), Rational(1)], seats: [3, 0]).feasible)
        #expect(LargestRemainderCheck.compute(ids: ["a", "b"], weights: [Rational(3), Rational(1)], seats: [2, 1]).feasible)
        #expect(DivisorInterval.round(.sainteLague, Rational(4738, 100)).seats == 47)
    }

    @Test func checkSaysWhatItComparedAndFlagsTheCircularComparison() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        let c = try PublishedCheck.run(plan, against: try PublishedTable.read(path: Self.published))
        #expect(!c.reproduced)
        #expect(c.rowsCompared == 10)
        #expect(c.differences.count == 3)
        #expect(c.differences.reduce(0) { $0 + $1.computed - $1.published } == 3)
        let a = try #require(c.groups.first { $0.education == "assistent" })
        #expect(a.publishedSum == 5997 && a.scenarioTotal == 6000)
        // The scenario's KKR key is the published table: agreement proves nothing.
        #expect(c.groups.allSatisfy { $0.circular })
        #expect(c.text.contains("Cirkulær sammenligning"))
        #expect(!c.text.contains("kan frembringes med"))
        // The published sum against the agreed minimum: 8.997 against 9.000.
        let agreed = try #require(c.agreed)
        #expect(agreed.publishedSum == 8997 && agreed.minimum == 9000)
        #expect(c.text.contains("Offentliggjort i alt: 8.997 mod aftalens minimum på 9.000"))
        #expect(!c.text.contains("mangler") && !c.text.contains("skal give"))
    }

    @Test func checkOnANonCircularKeyTestsRoundingRules() throws {
        // The KL-style key is not the 2023 table: the check tests the methods instead.
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023-kl-key"))
        let c = try PublishedCheck.run(plan, against: try PublishedTable.read(path: Self.published))
        #expect(c.groups.allSatisfy { !$0.circular && $0.complete })
        #expect(c.text.contains("kan tallene frembringes med"))
    }

    @Test func compareDisproportionality() throws {
        let a = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        let b = try Planner.run(try ScenarioOverrides.load("sosu-2023", set: ["method=dhondt"]))
        let c = Comparison.build([("a", a), ("b", b)])
        let muni = try #require(c.sections.first { $0.kind == .municipality })
        #expect(muni.total(0) == 3000 && muni.total(1) == 3000)
        let d0 = try #require(muni.disproportionality(0)), d1 = try #require(muni.disproportionality(1))
        #expect(d0.gallagher <= d0.loosemoreHanby && d0.loosemoreHanby > 0)
        #expect(d1.loosemoreHanby >= d0.loosemoreHanby)  // d'Hondt favours the large
        #expect(!muni.changed(1).isEmpty)
        let same = Comparison.build([("a", a), ("a", a)])
        #expect(same.sections.allSatisfy { $0.changed(1).isEmpty })
    }

    @Test func comparePhaseInYearOverYear() throws {
        let r = try Planner.run(try ScenarioLibrary.load("sygeplejerske-sjaelland-phase-in"))
        let c = Comparison.build([("x", r)])
        #expect(c.yearsAsColumns)
        let muni = try #require(c.sections.first { $0.kind == .municipality })
        for row in muni.rows {
            for col in 1..<c.columns.count {
                #expect(row.change(col) == row.entries[col]!.seats - row.entries[col - 1]!.seats)
            }
        }
        #expect(muni.total(3)! - muni.total(2)! == 66)  // 2025/26 against 2024/25
    }

    @Test func compareTitlesFollowTheVariant() throws {
        let a = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        let b = try Planner.run(try ScenarioOverrides.load("sosu-2023", set: ["education.assistent.total=6100"]))
        let c = Comparison.build([("a", a), ("Assistent 6100", b)])
        #expect(c.columnDescription(1).contains("Social- og sundhedsassistent 6.100"))
        // The change is named with what it replaced; the totals are the variant's own.
        #expect(c.columnDescription(1).contains("ændret: education.assistent.total 6.000 → 6.100"))
        #expect(!(c.columnDescription(1).components(separatedBy: ". ").last ?? "").contains("6.000"))
        #expect(c.highlights().contains { $0.hasPrefix("Assistent 6100 mod a, Social- og sundhedsassistent — KKR: i alt 6.000 → 6.100 (+100)") })
        #expect(!c.rendered(.table).contains("* = en grænse"))
    }

    @Test func bilagCSVForOneKKR() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023")).selecting(try PlanSelection.resolve(kkr: ["Sjælland"], kommune: []))
        let csv = plan.rendered(.csvDanish, lang: .da, layout: .bilag)
        let lines = csv.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 17 + 1)
        #expect(lines.last == ";KKR Sjælland i alt;Sjælland;474;955;1429")
        #expect(lines.contains("259;Køge;Sjælland;35;70;105"))
    }

    @Test func htmlEscapesAndIsSelfContained() throws {
        var s = try ScenarioLibrary.load("sosu-2023")
        s.name = "<script>alert(1)</script>"
        s.title = "<script>alert(2)</script> & co"
        let html = try Planner.run(s).rendered(.html)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(2)&lt;/script&gt; &amp; co"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(ViewsHTML.contentSecurityPolicy)\">"))
        #expect(ViewsHTML.contentSecurityPolicy.hasPrefix("default-src 'none';") && !ViewsHTML.contentSecurityPolicy.contains("unsafe-inline"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("Kilde: Udlændingestyrelsen, Landstal for 2023, bilag A"))
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "<script>").count == 2)
    }
}
