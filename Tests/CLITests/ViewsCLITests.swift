import Foundation
import Testing

let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
let artifactsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("artifacts")
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

    @Test func htmlInHeadlessChromium() throws {
        let r = try runDimensionering(["plan", "sosu-2023", "--format", "html"])
        #expect(r.status == 0)
        let html = r.text
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"))
        #expect(html.range(of: "(src|href)\\s*=\\s*\"?https?://", options: .regularExpression) == nil)
        #expect(!html.contains("http://") && !html.contains("https://"))
        try FileManager.default.createDirectory(at: artifactsDir, withIntermediateDirectories: true)
        let file = artifactsDir.appendingPathComponent("plan-sosu-2023.html")
        try r.stdout.write(to: file)
        let cmp = try runDimensionering(["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48", "--format", "html"])
        #expect(cmp.status == 0)
        try cmp.stdout.write(to: artifactsDir.appendingPathComponent("compare-paedagog-sjaelland.html"))
        guard let chromium = chromiumPath else {
            print("ViewsCLITests: chromium not installed — skipping the headless browser check (run scripts/install-browser.sh)")
            return
        }
        func run(_ args: [String]) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: chromium)
            p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(FileManager.default.temporaryDirectory.path)/views-chromium-\(getpid())"] + args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let d = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: d, as: UTF8.self)
        }
        let shot = artifactsDir.appendingPathComponent("plan-sosu-2023.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try run(["--screenshot=\(shot.path)", "--window-size=1200,1600", file.absoluteString])
        #expect(FileManager.default.fileExists(atPath: shot.path))
        _ = try run(["--screenshot=\(artifactsDir.appendingPathComponent("compare-paedagog-sjaelland.png").path)", "--window-size=1200,1600",
                     artifactsDir.appendingPathComponent("compare-paedagog-sjaelland.html").absoluteString])
        let dom = try run(["--dump-dom", file.absoluteString + "?q=K%C3%B8ge"])
        let rows = dom.components(separatedBy: "<tr").dropFirst().filter { $0.contains("<td") }
        let shown = rows.filter { !$0.hasPrefix(" hidden") }
        #expect(rows.count > 100)
        #expect(!shown.isEmpty && shown.allSatisfy { $0.contains("Køge") }, "\(shown.count) rows shown")
        #expect(dom.contains("value=\"Køge\"") || dom.contains("rækker vist"))
    }
}
