import Foundation
import Spreadsheet
import Testing
@testable import DimensioneringKit

/// Every format says the same thing: for every shipped scenario, each municipality's places in
/// text, Markdown, CSV, csv-da, HTML and xlsx are the numbers of the JSON, row for row; a row
/// total only adds places of one kind.
@Suite struct EveryFormatTests {
    struct Expected: Equatable {
        var code: String
        var values: [Int?]
        var total: Int?
    }

    /// The municipality rows of the JSON's bilag tables, in order (years in order).
    static func fromJSON(_ text: String) throws -> [Expected] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        guard let bilag = root["bilag"] as? [[String: Any]] else { return [] }
        var out: [Expected] = []
        for t in bilag {
            let cols = try #require(t["columns"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                .filter { !["share_percent", "previous", "change"].contains($0) }
            for r in try #require(t["rows"] as? [[String: Any]]) where r["type"] as? String == "municipality" {
                let places = try #require(r["places"] as? [String: Any])
                out.append(Expected(code: try #require(r["code"] as? String), values: cols.map { places[$0] as? Int },
                                    total: r["total"] as? Int))
            }
        }
        return out
    }

    /// The cells of a row after its code and name, as numbers ("–"/"—"/"" are no value).
    static func numbers(_ cells: [String], lang: Language) -> [Int?] {
        cells.map { c in
            let t = c.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t == "–" || t == "—" { return nil }
            let digits = t.replacingOccurrences(of: lang.english ? "," : ".", with: "").replacingOccurrences(of: "−", with: "-")
            return Int(digits) ?? Int.min
        }
    }

    static func expectSame(_ got: [[Int?]], _ want: [Expected], _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let w = want.map { $0.values + ($0.total.map { [$0] } ?? []) }
        #expect(got == w, "\(what): the municipality rows differ from the JSON", sourceLocation: sourceLocation)
    }

    static func rows(_ want: [Expected], in table: [[String]], codeColumn: Int, firstNumber: Int, lang: Language) -> [[Int?]] {
        let codes = Set(want.map(\.code))
        let width = (want.first?.values.count ?? 0) + (want.first?.total == nil ? 0 : 1)
        return table.filter { $0.count > codeColumn && codes.contains($0[codeColumn].trimmingCharacters(in: .whitespaces)) && $0.count >= firstNumber + width }
            .map { numbers(Array($0[firstNumber..<(firstNumber + width)]), lang: lang) }
    }

    static let scenarios = ScenarioLibrary.embeddedNames()

    /// One CSV line's fields (quoted fields may hold the separator; no line breaks in these tables).
    static func csvFields(_ line: String, _ sep: Character) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" { if chars.first == "\"" { cur.append("\""); chars.removeFirst() } else { quoted = false } } else { cur.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == sep { out.append(cur); cur = "" }
            else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    @Test(arguments: scenarios)
    func municipalityRowsAgree(_ name: String) throws {
        let plan = try Planner.run(try ScenarioLibrary.load(name))
        let want = try Self.fromJSON(plan.rendered(.json, lang: .da, layout: .bilag))
        guard !want.isEmpty else { return }
        // Every row total adds the places of one kind: the document says which.
        for t in plan.document(.da).tables where t.group == "bilag" {
            let kinds = Set(t.columns.compactMap { c -> PlaceKind? in
                if case .places(let id, let k) = c.kind, k != .intake, !plan.isBreakdown(id) { return k }
                return nil
            })
            if t.columns.contains(where: { if case .total = $0.kind { return true }; return false }) {
                #expect(kinds.count == 1, "\(name): a total over \(kinds)")
            }
        }
        for lang in [Language.da, .en] {
            let want = try Self.fromJSON(plan.rendered(.json, lang: lang, layout: .bilag))
            // Text: fields separated by two or more blanks; code, name, KKR, then the numbers.
            let text = plan.rendered(.table, lang: lang, layout: .bilag).split(separator: "\n").map { line in
                line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            Self.expectSame(Self.rows(want, in: text, codeColumn: 0, firstNumber: 3, lang: lang), want, "\(name) text \(lang)")
            let md = plan.rendered(.markdown, lang: lang, layout: .bilag).split(separator: "\n").map { line in
                line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            }
            Self.expectSame(Self.rows(want, in: md, codeColumn: 0, firstNumber: 3, lang: lang), want, "\(name) markdown \(lang)")
            // HTML: the cells of each table row, tags stripped.
            let html = ViewsHTML.plan(plan, lang: lang)
            let trs = html.components(separatedBy: "<tr").dropFirst().map { tr -> [String] in
                let body = tr.components(separatedBy: "</tr>")[0]
                return body.components(separatedBy: "<td").dropFirst().map { td -> String in
                    var s = String(td.drop { $0 != ">" }.dropFirst())
                    s = s.components(separatedBy: "</td>")[0]
                    return s.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                }
            }
            let hrows = Self.rows(want, in: trs, codeColumn: 0, firstNumber: 2, lang: lang)
            Self.expectSame(hrows, want, "\(name) html \(lang)")
        }
        for danish in [true, false] {
            let csv = plan.rendered(danish ? .csvDanish : .csv, lang: danish ? .da : .en, layout: .bilag)
            let sep: Character = danish ? ";" : ","
            let lines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").map { Self.csvFields(String($0), sep) }
            let multi = plan.years.count > 1
            let codeColumn = (multi ? 1 : 0) + (danish ? 0 : 1)
            let header = try #require(lines.first)
            #expect(lines.allSatisfy { $0.count == header.count }, "\(name): a CSV holds one table")
            Self.expectSame(Self.rows(want, in: lines, codeColumn: codeColumn, firstNumber: codeColumn + 3, lang: .en), want, "\(name) csv \(danish)")
        }
        // xlsx, read back: the sheets whose header starts with the municipality code.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("every-format-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.xlsx").path
        try plan.writeXLSX(to: path, lang: .da, generated: nil)
        var xrows: [[String]] = []
        for sheet in try XLSXReader.sheetNames(path) {
            let r = try XLSXReader.readSheet(named: sheet, path)
            if r.first?.first == "Kommunekode" { xrows += r.dropFirst() }
        }
        Self.expectSame(Self.rows(want, in: xrows, codeColumn: 0, firstNumber: 3, lang: .en), want, "\(name) xlsx")
    }

    /// explain: every line of the JSON's chain, in text, Markdown (escaped) and HTML (escaped), and
    /// the answer's places are the plan's — for a municipality in each KKR of every shipped scenario.
    @Test(arguments: scenarios)
    func explainLinesInEveryFormat(_ name: String) throws {
        let plan = try Planner.run(try ScenarioLibrary.load(name))
        for code in ["101", "259", "461", "751", "860"] {
            let m = try #require(MunicipalityRegistry.denmark.lookup(code))
            for lang in [Language.da, .en] {
                let x = Explanation.explain(plan, municipality: m, lang: lang)
                let root = try #require(try JSONSerialization.jsonObject(with: Data(x.rendered(.json).utf8)) as? [String: Any])
                let steps = try #require(root["steps"] as? [[String: Any]])
                let text = x.rendered(.table), md = x.rendered(.markdown), html = x.rendered(.html)
                func htmlEscaped(_ s: String) -> String {
                    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                        .replacingOccurrences(of: "\"", with: "&quot;")
                }
                for st in steps {
                    for line in try #require(st["lines"] as? [String]) {
                        // A phase-in year's sum: "… 2 af 33 (trinnet 2023/24) + 5 af 66 (…) = 7." adds up to the places.
                        if line.hasPrefix("Indfasningen:") || line.hasPrefix("The phase-in:") {
                            let body = line.components(separatedBy: ": ").last ?? ""
                            let sides = body.components(separatedBy: " = ")
                            let terms = sides[0].components(separatedBy: " + ").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0] }
                            let sum = terms.compactMap { Int($0.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "")) }.reduce(0, +)
                            let d = Int(sides[1].trimmingCharacters(in: CharacterSet(charactersIn: ". ")).replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ""))
                            #expect(terms.count >= 2 && sum == d && d == st["places"] as? Int, "\(name) \(code): \(line)")
                        }
                        #expect(text.contains(line), "\(name) \(code) \(lang): text lacks \(line)")
                        #expect(md.contains(MarkdownText.escape(line)) || md.contains(MarkdownSafe.escape(line)), "\(name) \(code): markdown lacks \(line)")
                        #expect(html.contains(htmlEscaped(line)) || html.contains(htmlEscaped(line).replacingOccurrences(of: "'", with: "&#39;")), "\(name) \(code): html lacks \(line)")
                    }
                }
                // The answer's places are the plan's own, per education.
                for (a, y) in zip(x.answers, plan.years) {
                    for p in a.places {
                        let e = try #require(y.educations.first { $0.id == p.education })
                        #expect(Explanation.municipalityRow(e, code: code)?.row.seats == p.seats)
                    }
                }
            }
        }
    }

    /// compare, a phase-in and a variant: in the JSON every section's total change is the sum of
    /// its rows' changes (year on year for a phase-in), and the CSV's rows and the text's I alt row
    /// carry the same numbers.
    @Test(arguments: [["sygeplejerske-sjaelland-phase-in"], ["sosu-2023", "sosu-2023-kl-key"]])
    func compareTotalsAddUp(_ names: [String]) throws {
        let runs = try names.map { ($0, try Planner.run(try ScenarioLibrary.load($0))) }
        let c = Comparison.build(runs)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(c.rendered(.json, lang: .da).utf8)) as? [String: Any])
        let labels = c.columns.map(\.label)
        var csvChanges: [String: Int] = [:]  // "education|level|label" → sum of the CSV's change column
        let csv = c.rendered(.csv, lang: .en).split(separator: "\r\n").map { Self.csvFields(String($0), ",") }
        let header = try #require(csv.first)
        for row in csv.dropFirst() {
            for l in labels.dropFirst() {
                guard let i = header.firstIndex(of: "change_" + l), i < row.count, let v = Int(row[i]) else { continue }
                csvChanges["\(row[0])|\(row[1])|\(l)", default: 0] += v
            }
        }
        let text = c.rendered(.table, lang: .da)
        for s in try #require(root["sections"] as? [[String: Any]]) {
            let rows = try #require(s["rows"] as? [[String: Any]])
            let totals = try #require(s["totals"] as? [String: Int])
            let change = try #require(s["total_change"] as? [String: Int])
            for (i, l) in labels.enumerated() where i > 0 {
                let sum = rows.compactMap { ($0["change"] as? [String: Int])?[l] }.reduce(0, +)
                #expect(change[l] == sum, "\(s["education"]!) \(l): total change \(String(describing: change[l])) against the rows' \(sum)")
                let ref = labels[c.reference(i)]
                #expect(change[l] == (totals[l] ?? 0) - (totals[ref] ?? 0))
                #expect(csvChanges["\(s["education"]!)|\(s["level"]!)|\(l)"] == sum)
            }
        }
        #expect(!text.isEmpty)
    }

    /// follow-up: every line's dimensioned, realised and shortfall in the CSV (English and Danish)
    /// and the HTML equal the JSON's.
    @Test func followUpLinesAgree() throws {
        let f = try followUpFile("sosu-2023", "illustrative-sosu-2023-sjaelland.csv")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(f.rendered(.json, lang: .da).utf8)) as? [String: Any])
        var want: [String: [Int]] = [:]
        for s in try #require(root["sections"] as? [[String: Any]]) {
            for l in try #require(s["lines"] as? [[String: Any]]) {
                want["\(s["education"]!)|\(l["code"]!)"] = [l["dimensioned"] as! Int, l["realised"] as! Int, l["shortfall"] as! Int]
            }
        }
        #expect(want.count > 17)
        let csv = f.rendered(.csv, lang: .en).split(separator: "\r\n").map { Self.csvFields(String($0), ",") }
        let h = try #require(csv.first)
        let (ie, ic, id, ir, isf) = (h.firstIndex(of: "education")!, h.firstIndex(of: "code")!, h.firstIndex(of: "dimensioned")!, h.firstIndex(of: "realised")!, h.firstIndex(of: "shortfall")!)
        var got: [String: [Int]] = [:]
        for r in csv.dropFirst() { got["\(r[ie])|\(r[ic])"] = [Int(r[id])!, Int(r[ir])!, Int(r[isf])!] }
        #expect(got == want)
        let html = f.rendered(.html, lang: .da)
        for (k, v) in want where k.hasSuffix("|259") {
            // Køge's line in the page, numbers as the page writes them.
            // (an illustrative realised figure carries its mark: "33 *")
            let realised = PlanFormat.int(v[1], .da)
            #expect(html.contains(">\(PlanFormat.int(v[0], .da))<") && (html.contains(">\(realised)<") || html.contains(">\(realised) *<")), "\(k)")
        }
    }

    /// A `--set` change is named in every format, and the stale title is marked.
    @Test func overridesInEveryFormat() throws {
        let s = try ScenarioOverrides.load("sosu-2023", set: ["education.assistent.total=5997"])
        let plan = try Planner.run(s).selecting(PlanSelection(kkr: ["Hovedstaden"]))
        let change = "education.assistent.total"
        for lang in [Language.da, .en] {
            let text = plan.rendered(.table, lang: lang, layout: .bilag)
            let values = lang.english ? "6,000 → 5,997" : "6.000 → 5.997"
            #expect(text.contains("\(change): \(values)"))
            #expect(text.contains(lang.english ? "Note: the title was written before the change" : "Bemærk: titlen er skrevet før ændringen"))
            #expect(plan.rendered(.markdown, lang: lang, layout: .bilag).contains("\(change): \(values)"))
            let html = ViewsHTML.plan(plan, lang: lang)
            #expect(html.contains("<td>\(change)</td>") || html.contains(">\(change)<"))
            let json = plan.rendered(.json, lang: lang, layout: .bilag)
            #expect(json.contains("\"path\": \"\(change)\""))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("every-format-set-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.xlsx").path
        try plan.writeXLSX(to: path, lang: .da, generated: nil)
        let overview = try XLSXReader.readFirstSheet(path)
        #expect(overview.contains { $0.first == change && $0.count >= 3 && $0[1] == "6.000" && $0[2] == "5.997" })
        // explain says it too, in every format.
        let x = Explanation.explain(plan, municipality: try #require(MunicipalityRegistry.denmark.lookup("101")), lang: .da)
        for format in [OutputFormat.table, .markdown, .json, .html] {
            let out = x.rendered(format)
            #expect(out.contains("education.assistent.total 6.000 → 5.997") || out.contains(MarkdownText.escape("education.assistent.total 6.000 → 5.997")), "\(format)")
        }
        // The numbers follow the change: Hovedstaden 1.776 assistenter.
        #expect(plan.rendered(.table, lang: .da, layout: .bilag).contains("KKR Hovedstaden: 849 social- og sundhedshjælpere + 1.776 social- og sundhedsassistenter = 2.625 lærepladser."))
    }

    /// The published 2023 table, as published, without --set.
    @Test func publishedTableAsPublished() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023-offentliggjort"))
        let kkr = try #require(plan.years[0].educations.first { $0.id == "assistent" }?.levels.first { $0.units == .kkr })
        let seats = Dictionary(uniqueKeysWithValues: kkr.groups[0].rows.map { ($0.code, $0.seats) })
        #expect(seats == ["Hovedstaden": 1776, "Sjælland": 955, "Syddanmark": 1328, "Midtjylland": 1303, "Nordjylland": 635])
        let hj = try #require(plan.years[0].educations.first { $0.id == "hjaelper" }?.levels.first { $0.units == .kkr })
        #expect(hj.groups[0].rows.first { $0.code == "Hovedstaden" }?.seats == 849)
        #expect(plan.scenario.overrides.isEmpty)
    }

    /// The xlsx Oversigt adds places of one kind: Hovedstaden's intake, its breakdown by site and
    /// season and its praktik places are three figures of 1.881, never 5.643.
    @Test func overviewTotalsOneKind() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("paedagog-hovedstaden-2022-23"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("every-format-ov-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.xlsx").path
        try plan.writeXLSX(to: path, lang: .da, generated: nil)
        let flat = try XLSXReader.readFirstSheet(path).flatMap { $0 }
        #expect(!flat.contains("5643") && !flat.contains("3762"))
        let s300 = try Planner.run(try ScenarioLibrary.load("paedagog-sjaelland-300"))
        let p300 = dir.appendingPathComponent("s300.xlsx").path
        try s300.writeXLSX(to: p300, lang: .da, generated: nil)
        #expect(!(try XLSXReader.readFirstSheet(p300).flatMap { $0 }.contains("270")))
    }
}
