import Foundation
import Testing

let publishedSOSU = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/DimensioneringKit/Resources/Scenarios/data/published/sosu-kkr-2023.csv").path

@Suite(.enabled(if: dimensioneringBinary() != nil), .serialized) struct ViewsCLITests {
    @Test(arguments: [
        ("views/compare-phase-in.txt", ["compare", "sygeplejerske-sjaelland-phase-in"]),
        ("views/compare-dhondt.md", ["compare", "paedagog-sjaelland-300", "--set", "method=dhondt", "--format", "markdown"]),
        ("views/compare-52-48.json", ["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48", "--format", "json"]),
        ("views/compare-52-48.csv", ["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48", "--format", "csv"]),
        ("views/explain-259.txt", ["explain", "sosu-2023", "--kommune", "259"]),
    ])
    func golden(_ name: String, _ args: [String]) throws {
        let r = try runDimensionering(args)
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden(name, r.stdout)
    }

    @Test func explainByName() throws {
        let a = try runDimensionering(["explain", "sosu-2023", "--kommune", "Køge"])
        let b = try runDimensionering(["explain", "sosu-2023", "--kommune", "259"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(try runDimensionering(["explain", "sosu-2023", "--kommune", "Kgoe"]).status == 64)
    }

    @Test func checkPublishedSOSU() throws {
        let r = try runDimensionering(["check", "sosu-2023", "--against", publishedSOSU])
        #expect(r.status == 1)
        try checkGolden("views/check-sosu-2023.txt", r.stdout)
        #expect(r.text.contains("Offentliggjort sum 5.997; fordelingen skal give 6.000"))
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
