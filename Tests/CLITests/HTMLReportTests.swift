import Foundation
import Testing
@testable import DimensioneringKit

// The HTML annex (plan, compare, explain --format html), run as a user would and, where the tools
// are installed, opened in headless Chromium, printed to A4 and read back with poppler.

let chromiumPath: String? = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
let artifactsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("artifacts")

/// 1 January 2024, 00:00 UTC.
private let fixedEpoch = "1704067200"

private func tool(_ name: String) -> String? {
    ["/usr/bin/\(name)", "/usr/local/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// True when a missing tool must fail the test (CI installs chromium and poppler-utils).
private var toolsRequired: Bool {
    let env = ProcessInfo.processInfo.environment
    return env["DIMENSIONERING_EXHAUSTIVE"] == "1" || env["CI"] != nil
}

/// The tools, or nil after recording a skip (or a failure on CI).
private func browserTools() -> (chromium: String, pdftoppm: String, pdftotext: String, pdfinfo: String)? {
    guard let c = chromiumPath, let a = tool("pdftoppm"), let b = tool("pdftotext"), let i = tool("pdfinfo") else {
        if toolsRequired { Issue.record("chromium and poppler-utils are required (scripts/install-browser.sh, scripts/install-deps.sh)") }
        else { print("HTMLReportTests: chromium or poppler-utils missing — skipping the browser checks") }
        return nil
    }
    return (c, a, b, i)
}

/// Runs the binary with SOURCE_DATE_EPOCH fixed (or as given).
private func runHTML(_ args: [String], epoch: String? = fixedEpoch) throws -> RunResult {
    try runDimensionering(args, environment: epoch.map { ["SOURCE_DATE_EPOCH": $0] } ?? [:])
}

@discardableResult
private func run(_ exe: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let d = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: d, as: UTF8.self)
}

private func chromium(_ exe: String, _ args: [String]) throws -> String {
    try run(exe, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                  "--user-data-dir=\(FileManager.default.temporaryDirectory.path)/html-chromium-\(getpid())"] + args)
}

/// Every match of the first capture group.
private func captures(_ pattern: String, in s: String) -> [String] {
    let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { m in Range(m.range(at: 1), in: s).map { String(s[$0]) } }
}

/// Numbers as the pages write them: "1,71", "−1", "+4".
private func number(_ s: String) -> Double? {
    Double(s.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "+", with: ""))
}

@Suite(.serialized) struct HTMLReportTests {
    static let sjaelland = ["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "html"]

    @Test func sjaellandAnnexContent() throws {
        let r = try runHTML(Self.sjaelland)
        #expect(r.status == 0, "\(r.stderr)")
        let html = r.text
        // The bilag rows: 17 municipalities of KKR Sjælland, Køge with 35 + 70 = 105, the KKR total.
        let body = captures("<tbody>(.*?)</tbody>", in: html).joined()
        let rows = captures("<tr>(.*?)</tr>", in: body)
        #expect(rows.count == 17)
        let koege = rows.first { $0.contains(">Køge<") }
        #expect(koege.map { captures("<td[^>]*>([^<]*)</td>", in: $0) }.map { Array($0.prefix(5)) } == ["259", "Køge", "35", "70", "105"])
        let foot = captures("<tfoot>(.*?)</tfoot>", in: html).joined()
        #expect(captures("<td[^>]*>([^<]*)</td>", in: foot).prefix(4) == ["KKR Sjælland i alt", "474", "955", "1.429"])
        // The answer first: before the table.
        let answer = html.range(of: "KKR Sjælland: 474 social- og sundhedshjælpere + 955 social- og sundhedsassistenter = 1.429 lærepladser.")
        #expect(answer != nil && answer!.lowerBound < html.range(of: "<tbody>")!.lowerBound)
        // Inputs in a planner's words: no file paths, component ids or formulas.
        for leak in ["Resources/", "Scenarios/", ".csv", ".toml", "embedded:", "published_hjaelper", "published_assistent", "population ×",
                         "Komponent", "hjaelper_2023", "http://", "https://"] {
            #expect(!html.contains(leak), "shows \(leak)")
        }
        #expect(html.contains("Befolkning 1. januar 2022. Kilde: Udlændingestyrelsen, Landstal for 2023, bilag A"))
        #expect(html.contains("KL 2023, hjælper. Kilde: KKR Hovedstaden, møde 25. november 2022"))
        // No note twice.
        let items = captures("<li>(.*?)</li>", in: html)
        #expect(Set(items).count == items.count, "\(items.count - Set(items).count) duplicated notes")
        // The footer: the date from SOURCE_DATE_EPOCH, the version, a 12-digit fingerprint.
        #expect(html.contains("Dannet <time datetime=\"2024-01-01\">1. januar 2024</time>"))
        #expect(html.contains("dimensionering version 0.2.0"))
        let hash = captures("inddata-fingeraftryk <code>([0-9a-f]+)</code>", in: html)
        #expect(hash.count == 1 && hash[0].count == 12)
        // The chart: places per 1.000 inhabitants, sorted from the highest; no scatter plot.
        #expect(!html.contains("<circle"))
        let chart = captures("(<svg.*?</svg>)", in: html)
        #expect(chart.count == 1)
        let values = captures("<text[^>]*text-anchor=\"start\"[^>]*>([0-9,]+)</text>", in: chart.first ?? "").compactMap(number)
        #expect(values.count == 17 && values == values.sorted(by: >))
        // Køge: 105 places for 61.718 inhabitants = 1,70 per 1.000.
        #expect(koege?.contains(">61.718<") == true && koege?.contains(">1,70<") == true)
    }

    @Test func deterministicWithFingerprintThatFollowsTheInputs() throws {
        let a = try runHTML(Self.sjaelland), b = try runHTML(Self.sjaelland)
        #expect(a.status == 0 && a.stdout == b.stdout)
        let later = try runHTML(Self.sjaelland, epoch: "1735732800")  // 1 January 2025, 12:00 UTC
        #expect(later.text.contains("1. januar 2025") && !later.text.contains("1. januar 2024"))
        func hash(_ r: RunResult) -> String { captures("fingeraftryk <code>([0-9a-f]+)</code>", in: r.text).first ?? "" }
        #expect(hash(later) == hash(a))
        let dhondt = try runHTML(Self.sjaelland + ["--set", "method=dhondt"])
        #expect(dhondt.status == 0 && !hash(dhondt).isEmpty && hash(dhondt) != hash(a))
        let other = try runHTML(["plan", "sosu-2023-kl-key", "--kkr", "Sjælland", "--format", "html"])
        #expect(!hash(other).isEmpty && hash(other) != hash(a))
        // Without SOURCE_DATE_EPOCH the page states a date all the same.
        let today = try runHTML(Self.sjaelland, epoch: nil)
        #expect(today.text.contains("Dannet <time datetime=\"20"))
    }

    @Test func contentSecurityPolicyHashesTheInlineStyleAndScript() throws {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        let html = try runHTML(Self.sjaelland).text
        let csp = captures("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">", in: html)
        #expect(csp.count == 1)
        let style = captures("<style>(.*?)</style>", in: html), script = captures("<script>(.*?)</script>", in: html)
        #expect(style.count == 1 && script.count == 1)
        let policy = csp.first ?? ""
        #expect(policy.hasPrefix("default-src 'none';"))
        #expect(policy.contains("style-src 'sha256-\(SHA256.base64(style.first ?? ""))'"))
        #expect(policy.contains("script-src 'sha256-\(SHA256.base64(script.first ?? ""))'"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(!html.contains(" style=\""), "a style attribute would be blocked by the policy")
    }

    @Test func englishPage() throws {
        let r = try runHTML(Self.sjaelland + ["--lang", "en"])
        #expect(r.status == 0)
        #expect(r.text.contains("<html lang=\"en\">"))
        #expect(r.text.contains("KKR Sjælland, total") && r.text.contains("Places per 1,000 inhabitants"))
        #expect(r.text.contains("Generated <time datetime=\"2024-01-01\">1 January 2024</time>"))
        #expect(!r.text.contains("Dannet") && !r.text.contains("Kilde:") && !r.text.contains("Søg"))
        #expect(r.text.contains(">1,429<"))
    }

    @Test func nationalPlanTotalsFirstThenOneSectionPerKKR() throws {
        let html = try runHTML(["plan", "sosu-2023", "--format", "html"]).text
        let headings = captures("<h2>([^<]*)</h2>", in: html)
        let expected = ["Oversigt: KKR og hele landet"] + MunicipalityRegistry.kkrNames.map { "KKR \($0)" }
        #expect(Array(headings.drop { $0 != expected[0] }.prefix(6)) == expected)
        // The overview: five KKR subtotals and the national total 3.000 + 6.000 = 9.000.
        let overview = html.components(separatedBy: "id=\"oversigt\"").dropFirst().first?.components(separatedBy: "</section>").first ?? ""
        #expect(captures("<tr>(.*?)</tr>", in: captures("<tbody>(.*?)</tbody>", in: overview).first ?? "").count == 5)
        #expect(overview.contains("Hele landet i alt") && overview.contains(">3.000<") && overview.contains(">6.000<") && overview.contains(">9.000<"))
        // Every municipality once, in its KKR's section.
        // (The KKR sections' tables; the other allocations, e.g. the KKR key against KL's table, come after.)
        let kkrSections = html.components(separatedBy: "<section class=\"part\" id=\"kkr-").dropFirst().map { $0.components(separatedBy: "</section>")[0] }
        let bodies = kkrSections.flatMap { captures("<tbody>(.*?)</tbody>", in: $0) }
        #expect(bodies.map { captures("(<tr>)", in: $0).count }.reduce(0, +) == 98)
        #expect(html.contains("<a href=\"#kkr-sjaelland\">"))
    }

    @Test func explainLeadsWithTheAnswer() throws {
        let r = try runHTML(["explain", "sosu-2023", "--kommune", "259", "--format", "html"])
        #expect(r.status == 0)
        let html = r.text
        let answer = html.range(of: "Køge (259), SOSU 2023: 35 social- og sundhedshjælpere + 70 social- og sundhedsassistenter = 105 pladser.")
        let reasoning = html.range(of: "Sådan er tallet fundet"), sources = html.range(of: "<h3>Kilder</h3>")
        #expect(answer != nil && reasoning != nil && sources != nil)
        if let answer, let reasoning, let sources { #expect(answer.lowerBound < reasoning.lowerBound && reasoning.lowerBound < sources.lowerBound) }
        #expect(html.contains("én plads pr. 1.780 indbyggere"))
        #expect(!html.contains(".csv") && !html.contains("Resources/"))
        #expect(html.contains("Dannet <time datetime=\"2024-01-01\">"))
    }

    @Test func compareShowsTheChangePerMunicipalitySorted() throws {
        let r = try runHTML(["compare", "sosu-2023", "--variant", "D'Hondt: method=dhondt", "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = r.text
        #expect(!html.contains("<circle"))
        #expect(html.contains("Ændring i pladser, D&#39;Hondt mod sosu-2023"))
        for svg in captures("(<svg.*?</svg>)", in: html) {
            let changes = captures("<text[^>]*text-anchor=\"(?:start|end)\"[^>]*fill=\"#333\">([−+0-9]+)</text>", in: svg).compactMap(number)
            #expect(!changes.isEmpty && changes == changes.sorted(by: >) && !changes.contains(0))
        }
        // København gets 4 more with D'Hondt (293 → 297).
        #expect(html.contains(">293<") && html.contains(">297<") && html.contains(">+4<"))
        #expect(html.contains("fingeraftryk <code>"))
    }

    @Test func printsToA4AndSearchesInChromium() throws {
        try FileManager.default.createDirectory(at: artifactsDir, withIntermediateDirectories: true)
        let file = artifactsDir.appendingPathComponent("plan-sjaelland.html")
        let r = try runHTML(Self.sjaelland)
        #expect(r.status == 0)
        try r.stdout.write(to: file)
        let national = artifactsDir.appendingPathComponent("plan-sosu-2023.html")
        try runHTML(["plan", "sosu-2023", "--format", "html"]).stdout.write(to: national)
        guard let t = browserTools() else { return }

        // Printed to A4: pages rendered with pdftoppm and kept as artifacts.
        let pdf = artifactsDir.appendingPathComponent("plan-sjaelland.pdf")
        try? FileManager.default.removeItem(at: pdf)
        _ = try chromium(t.chromium, ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", file.absoluteString])
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let info = try run(t.pdfinfo, [pdf.path])
        #expect(info.contains("(A4)"), "\(info)")
        let prefix = artifactsDir.appendingPathComponent("plan-sjaelland-page").path
        for f in (try? FileManager.default.contentsOfDirectory(atPath: artifactsDir.path)) ?? [] where f.hasPrefix("plan-sjaelland-page") {
            try? FileManager.default.removeItem(at: artifactsDir.appendingPathComponent(f))
        }
        try run(t.pdftoppm, ["-r", "60", "-png", pdf.path, prefix])
        let pages = try FileManager.default.contentsOfDirectory(atPath: artifactsDir.path).filter { $0.hasPrefix("plan-sjaelland-page") && $0.hasSuffix(".png") }
        #expect(pages.count > 0 && pages.count <= 3, "\(pages.count) pages")
        let text = try run(t.pdftotext, ["-layout", pdf.path, "-"])
        #expect(text.contains("Køge") && text.contains("1.429") && text.contains("KKR Sjælland i alt"))
        #expect(!text.contains("Søg:"), "the search box is not printed")
        // The whole annex table is on the first page, with the KKR total.
        let first = try run(t.pdftotext, ["-f", "1", "-l", "1", "-layout", pdf.path, "-"])
        #expect(first.contains("Vordingborg") && first.contains("KKR Sjælland i alt"))

        // The national annex: each KKR starts a new page.
        let npdf = artifactsDir.appendingPathComponent("plan-sosu-2023.pdf")
        try? FileManager.default.removeItem(at: npdf)
        _ = try chromium(t.chromium, ["--no-pdf-header-footer", "--print-to-pdf=\(npdf.path)", national.absoluteString])
        let ninfo = try run(t.pdfinfo, [npdf.path])
        let count = Int(captures("Pages:\\s+(\\d+)", in: ninfo).first ?? "") ?? 0
        #expect(count >= 6)
        var starts: [String] = []
        for page in 1...max(count, 1) {
            let pt = try run(t.pdftotext, ["-f", "\(page)", "-l", "\(page)", npdf.path, "-"])
            if let line = pt.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) { starts.append(line) }
        }
        for k in MunicipalityRegistry.kkrNames { #expect(starts.contains("KKR \(k)"), "KKR \(k) does not start a page: \(starts)") }

        // On screen: a screenshot, and the search (which runs only if the policy's script hash is right).
        let shot = artifactsDir.appendingPathComponent("plan-sjaelland.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try chromium(t.chromium, ["--screenshot=\(shot.path)", "--window-size=1200,1700", file.absoluteString])
        #expect(FileManager.default.fileExists(atPath: shot.path))
        let dom = try chromium(t.chromium, ["--dump-dom", national.absoluteString + "?q=K%C3%B8ge"])
        let domSections = dom.components(separatedBy: "<section class=\"part\" id=\"kkr-").dropFirst().map { $0.components(separatedBy: "</section>")[0] }
        let bodyRows = domSections.flatMap { captures("<tbody>(.*?)</tbody>", in: $0) }.flatMap { captures("<tr([^>]*>.*?)</tr>", in: $0) }
        #expect(bodyRows.count == 98)
        let shown = bodyRows.filter { !$0.hasPrefix(" hidden") }
        #expect(shown.count == 1 && shown.allSatisfy { $0.contains("Køge") }, "\(shown.count) rows shown")
        #expect(captures("<section class=\"part\" id=\"(kkr-[a-z]+)\" hidden", in: dom).count == 4)
        #expect(dom.contains("Viste rækker: 1<"))
    }
}
