import Foundation
import Testing

let publishedSOSU = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/DimensioneringKit/Resources/Scenarios/data/published/sosu-kkr-2023.csv").path

@Suite(.serialized) struct ViewsCLITests {
    @Test(arguments: [
        ("views/compare-phase-in.txt", ["compare", "sygeplejerske-sjaelland-phase-in"]),
        ("views/compare-dhondt.md", ["compare", "paedagog-sjaelland-300", "--set", "method=dhondt", "--format", "markdown"]),
        ("views/compare-52-48.json", ["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48", "--format", "json"]),
        ("views/compare-52-48.csv", ["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48", "--format", "csv"]),
        ("views/explain-259.txt", ["explain", "sosu-2023", "--kommune", "259"]),
        ("views/compare-variant-sjaelland.txt", ["compare", "sosu-2023", "--variant", "Assistent 6100: education.assistent.total=6100", "--kkr", "Sjælland"]),
        ("views/compare-variant.da.csv", ["compare", "sosu-2023", "--variant", "D'Hondt: method=dhondt", "--format", "csv-da"]),
        ("views/apportion.da.txt", ["apportion", "--lang", "da"]),
    ])
    func golden(_ name: String, _ args: [String]) throws {
        let r = try runDimensionering(args)
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden(name, r.stdout)
        let t = r.text
        switch name {
        case "views/compare-phase-in.txt":
            // Year over year: 2025/26 against 2024/25 (33 → 99), not against the first year.
            #expect(t.contains("2025/26 mod 2024/25, Sygeplejerske, ekstra optag — optag: i alt 33 → 99 (+66)"))
            #expect(t.contains("2024/25 mod 2023/24: ingen ændringer"))
            #expect(!t.contains("* = en grænse"))  // nothing is marked
        case "views/compare-variant-sjaelland.txt":
            #expect(t.contains("Assistent 6100: variant af sosu-2023; Sainte-Laguës metode; ændret: education.assistent.total 6.000 → 6.100. Social- og sundhedshjælper 3.000, Social- og sundhedsassistent 6.100"))
            #expect(t.contains("Social- og sundhedsassistent — kommuner: i alt 955 → 971 (+16)"))
            #expect(t.contains("Udvalgt: KKR Sjælland"))
            #expect(!t.contains("København"))
        case "views/compare-variant.da.csv":
            #expect(t.hasPrefix("\u{FEFF}Uddannelse;Niveau;Under;Kode;Navn;Pladser sosu-2023;Pladser D'Hondt;Ændring D'Hondt mod sosu-2023;Ændring D'Hondt, %\r\n"))
        case "views/apportion.da.txt":
            #expect(t.hasPrefix("Metode: Sainte-Laguës metode; pladser: 9.000; uafgjort: rækkefølge\n"))
            #expect(t.contains("Sjælland     1.429                         1.429,4765    1.429"))
            #expect(t.contains("Uafgjort: ingen"))
        default: break
        }
    }

    @Test func compareFootnoteOnlyWhenMarked() throws {
        // paedagog-sjaelland-300 has no bounds; a floor that binds gets a star and the footnote.
        let plain = try runDimensionering(["compare", "paedagog-sjaelland-300", "--variant", "D'Hondt: method=dhondt"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.text.contains("*"))
        #expect(plain.text.hasPrefix("Sammenligning: paedagog-sjaelland-300 / D'Hondt\n"))
        let en = try runDimensionering(["compare", "paedagog-sjaelland-300", "--variant", "D'Hondt: method=dhondt", "--lang", "en"])
        #expect(en.text.hasPrefix("Comparison: paedagog-sjaelland-300 / D'Hondt\n"))
        #expect(en.text.contains("In short (largest changes):"))
    }

    @Test func apportionLanguages() throws {
        let en = try runDimensionering(["apportion"])
        #expect(en.text.hasPrefix("Method: sainte-lague"))
        let da = try runDimensionering(["apportion", "--lang", "da", "--format", "csv-da"])
        #expect(da.text.hasPrefix("\u{FEFF}Enhed;Vægt;Gulv;Loft;Kvote (før afrunding);Pladser;Grænse\r\n"))
        #expect(da.text.contains("\r\nSjælland;1429;0;;1429,476492;1429;\r\n"))
        let bad = try runDimensionering(["apportion", "--method", "dhont"])
        #expect(bad.status == 64)
        #expect(try runDimensionering(["apportion", "--format", "html"]).status == 64)
        // A lot without a seed draws it once and says which.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("views-lot-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let w = dir.appendingPathComponent("w.csv")
        try "id,weight\na,1\nb,1\nc,1\n".write(to: w, atomically: true, encoding: .utf8)
        let lot = try runDimensionering(["apportion", "--seats", "4", "--input", w.path, "--ties", "lot", "--format", "json"])
        #expect(lot.status == 0, "\(lot.stderr)")
        let seeds = lot.stderr.components(separatedBy: "lot seed ").dropFirst().map { $0.prefix { $0.isNumber } }
        #expect(seeds.count == 1)
        let obj = try #require(JSONSerialization.jsonObject(with: lot.stdout) as? [String: Any])
        #expect(obj["tie_rule"] as? String == "lot:\(seeds[0])")
    }

    @Test func explainByName() throws {
        let a = try runDimensionering(["explain", "sosu-2023", "--kommune", "Køge"])
        let b = try runDimensionering(["explain", "sosu-2023", "--kommune", "259"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(try runDimensionering(["explain", "sosu-2023", "--kommune", "Kgoe"]).status == 64)
    }

    @Test func checkPublishedSOSU() throws {
        // Run from the package with a relative path: the report names the file as given.
        let package = URL(fileURLWithPath: publishedSOSU).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try runDimensionering(["check", "sosu-2023", "--against", "Sources/DimensioneringKit/Resources/Scenarios/data/published/sosu-kkr-2023.csv"],
                                      in: package)
        #expect(r.status == 1, "\(r.stderr)")
        try checkGolden("views/check-sosu-2023.txt", r.stdout)
        #expect(r.text.contains("Offentliggjort sum 5.997; scenariet fordeler 6.000 — forskel −3."))
    }

    @Test func checkReproduced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("views-check-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let f = dir.appendingPathComponent("hj.csv")
        try "education,id,seats\nhjaelper,Hovedstaden,849\nhjaelper,Sjælland,474\nhjaelper,Syddanmark,696\nhjaelper,Midtjylland,668\nhjaelper,Nordjylland,313\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try runDimensionering(["check", "sosu-2023", "--against", f.path])
        #expect(r.status == 0, "\(r.text)")
    }
}
