import Foundation
import Testing

// `--format xlsx`: workbooks read back with an independent reader (openpyxl, via
// scripts/xlsx-dump.py) and compared cell by cell with the JSON output of the same command.

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the binary with `environment` added to this process's environment.
private func run(_ args: [String], environment: [String: String] = ["SOURCE_DATE_EPOCH": "1700000000"]) throws -> RunResult {
    try runDimensionering(args, environment: environment)
}

private struct PythonFailed: Error, CustomStringConvertible { var description: String }

/// python3 with `arguments`; fails the test (never skips it) when python3 or openpyxl is missing.
private func python(_ arguments: [String]) throws -> Data {
    let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    guard r.status == 0 else {
        throw PythonFailed(description: "python3 exited \(r.status) (scripts/install-deps.sh installs openpyxl): \(r.stderr)")
    }
    return r.stdout
}

/// A cell as openpyxl reads it.
private struct DumpedCell {
    var ref: String
    var row: Int
    var column: String
    var value: Any?
    var cached: Any?
    var type: String
    var numberFormat: String
    var bold: Bool
    var topBorder: String?
    /// The number shown (the cached value of a formula).
    var number: Double? {
        if let f = value as? String, f.hasPrefix("=") { return (cached as? NSNumber)?.doubleValue }
        if value is String { return nil }
        return (value as? NSNumber)?.doubleValue
    }
    var text: String? { (value as? String).flatMap { $0.hasPrefix("=") ? nil : $0 } }
}

private struct DumpedSheet {
    var name: String
    var freeze: String?
    var cells: [DumpedCell]
    func cell(_ ref: String) -> DumpedCell? { cells.first { $0.ref == ref } }
    func row(_ r: Int) -> [String: DumpedCell] {
        Dictionary(uniqueKeysWithValues: cells.filter { $0.row == r }.map { ($0.column, $0) })
    }
    var rowNumbers: [Int] { Array(Set(cells.map(\.row))).sorted() }
}

private func dump(_ path: String) throws -> [DumpedSheet] {
    let data = try python([root.appendingPathComponent("scripts/xlsx-dump.py").path, path])
    let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let sheets = try #require(o["sheets"] as? [[String: Any]])
    return sheets.map { s in
        let cells = (s["cells"] as? [[String: Any]] ?? []).map { c -> DumpedCell in
            let ref = c["ref"] as! String
            let column = String(ref.prefix { $0.isLetter })
            return DumpedCell(ref: ref, row: Int(ref.drop { $0.isLetter })!, column: column,
                              value: c["value"] is NSNull ? nil : c["value"], cached: c["cached"] is NSNull ? nil : c["cached"],
                              type: c["type"] as? String ?? "", numberFormat: c["number_format"] as? String ?? "",
                              bold: c["bold"] as? Bool ?? false, topBorder: c["top_border"] as? String)
        }
        return DumpedSheet(name: s["name"] as! String, freeze: s["freeze"] as? String, cells: cells)
    }
}

private func scratch(_ label: String) throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-cli-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

@Suite(.serialized) struct XLSXCLITests {
    @Test("plan --kkr Sjælland --format xlsx: the bilag sheet equals the JSON, numbers as numbers, codes as text")
    func sjaellandBilag() throws {
        let dir = try scratch("sj")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sj.xlsx").path
        let r = try run(["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "xlsx", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let sheets = try dump(path)
        #expect(sheets.map(\.name) == ["Oversigt", "Bilag", "Input og kilder"])
        let bilag = try #require(sheets.first { $0.name == "Bilag" })
        #expect(bilag.freeze == "C2")

        // The JSON of the same selection: per education, the municipality level's allocation.
        let j = try run(["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "json"])
        #expect(j.status == 0, "\(j.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        let educations = try #require(o["educations"] as? [[String: Any]])
        var byEducation: [String: [String: Int]] = [:]  // name → code → places
        var order: [String] = []
        for e in educations {
            let name = try #require(e["name"] as? String)
            let levels = try #require(e["levels"] as? [[String: Any]])
            let m = try #require(levels.first { $0["level"] as? String == "municipality" })
            byEducation[name] = try #require(m["allocation"] as? [String: Int])
            order.append(name)
        }
        #expect(order == ["Social- og sundhedshjælper", "Social- og sundhedsassistent"])

        let header = bilag.row(1)
        #expect(header["A"]?.text == "Kommunekode" && header["B"]?.text == "Kommune" && header["C"]?.text == "KKR")
        #expect(header["D"]?.text == order[0] && header["E"]?.text == order[1] && header["F"]?.text == "I alt")

        // Every number cell of the municipality rows against the JSON.
        var seen: Set<String> = []
        var numberCells = 0
        let firstTotal = try #require(bilag.rowNumbers.first { bilag.row($0)["B"]?.text?.hasSuffix("i alt") == true })
        #expect(firstTotal == 19)
        for r in bilag.rowNumbers where r > 1 && r < firstTotal {
            let row = bilag.row(r)
            let code = try #require(row["A"])
            #expect(code.type == "s", "code \(code.ref) stored as text")
            let c = try #require(code.text)
            let h = try #require(byEducation[order[0]]?[c], "\(c) in the JSON")
            let a = try #require(byEducation[order[1]]?[c])
            #expect(row["C"]?.text == "Sjælland")
            #expect(row["D"]?.type == "n" && row["D"]?.number == Double(h), "\(c) hjælper")
            #expect(row["E"]?.type == "n" && row["E"]?.number == Double(a), "\(c) assistent")
            #expect(row["F"]?.type == "n" && row["F"]?.number == Double(h + a), "\(c) I alt")
            for col in ["D", "E", "F"] { #expect(row[col]?.numberFormat == "#,##0") }
            numberCells += 3
            seen.insert(c)
        }
        #expect(seen.count == 17)
        #expect(seen == Set(byEducation[order[0]]!.keys) && seen == Set(byEducation[order[1]]!.keys))
        #expect(numberCells == 51)

        // The KKR subtotal (with one KKR it is the total, as in every other format): SUM formulas with
        // cached values, bold with a line above.
        let totals = bilag.rowNumbers.filter { bilag.row($0)["B"]?.text?.hasSuffix("i alt") == true }
        #expect(totals.count == 1)
        let sumH = byEducation[order[0]]!.values.reduce(0, +), sumA = byEducation[order[1]]!.values.reduce(0, +)
        #expect(sumH == 474 && sumA == 955)
        for t in totals {
            let row = bilag.row(t)
            for (col, expected) in [("D", 474.0), ("E", 955.0), ("F", 1429.0)] {
                let cell = try #require(row[col])
                #expect((cell.value as? String)?.hasPrefix("=SUM(") == true, "\(cell.ref) is a formula")
                #expect(cell.number == expected, "\(cell.ref)")
                #expect(cell.bold && cell.topBorder == "thin")
            }
        }
        #expect(bilag.cell("F\(totals[0])")?.value as? String == "=SUM(F2:F18)")

        // The summary's totals and the marked date.
        let summary = try #require(sheets.first { $0.name == "Oversigt" })
        let numbers = summary.cells.compactMap(\.number)
        #expect(numbers == [474, 955, 1429])
        #expect(summary.cells.contains { $0.text == "14. november 2023" })
        let sources = try #require(sheets.first { $0.name == "Input og kilder" })
        #expect(sources.cells.contains { $0.text == "KL 2023, hjælper" })
        #expect(sources.cells.contains { $0.text == "1. januar 2022" })
    }

    @Test("the same input gives the same bytes; without --output xlsx is refused")
    func determinismAndOutputRequired() throws {
        let dir = try scratch("det")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.xlsx").path, b = dir.appendingPathComponent("b.xlsx").path
        #expect(try run(["plan", "sosu-2023", "--format", "xlsx", "--output", a]).status == 0)
        #expect(try run(["plan", "sosu-2023", "--format", "xlsx", "--output", b]).status == 0)
        let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(da == db && da.count > 1000)
        // Another date, another file: the date is really SOURCE_DATE_EPOCH.
        let c = dir.appendingPathComponent("c.xlsx").path
        #expect(try run(["plan", "sosu-2023", "--format", "xlsx", "--output", c], environment: ["SOURCE_DATE_EPOCH": "1600000000"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) != da)

        for args in [["plan", "sosu-2023", "--format", "xlsx"], ["compare", "sosu-2023", "--variant", "D: method=dhondt", "--format", "xlsx"],
                     ["kommuner", "--format", "xlsx"], ["apportion", "--seats", "3", "--format", "xlsx"]] {
            let r = try run(args)
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(try run(["plan", "sosu-2023", "--format", "xlsx"]).stderr.contains("--output"))
    }

    @Test("plan of a phase-in: one bilag sheet per study year; --lang en: English names")
    func yearsAndEnglish() throws {
        let dir = try scratch("years")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.xlsx").path
        let r = try run(["plan", "sygeplejerske-sjaelland-phase-in", "--format", "xlsx", "--output", path, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try dump(path)
        #expect(sheets.first?.name == "Summary")
        #expect(sheets.last?.name == "Inputs and sources")
        let j = try run(["plan", "sygeplejerske-sjaelland-phase-in", "--format", "json"])
        let o = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        let years = try #require(o["years"] as? [[String: Any]])
        #expect(years.count > 1)
        // Every year's places, as the JSON gives them, appear on the summary.
        let summary = try #require(sheets.first)
        for y in years {
            let year = try #require(y["year"] as? String)
            for e in try #require(y["educations"] as? [[String: Any]]) {
                let total = try #require(e["total"] as? Int)
                #expect(summary.cells.contains { c in
                    c.column != "A" && c.number == Double(total) && summary.row(c.row)["A"]?.text == year
                }, "\(year) \(e["id"] ?? "") \(total)")
            }
        }
        let names = sheets.map(\.name)
        #expect(!names.contains { $0.contains("/") })
        #expect(names.contains { $0.hasPrefix("Annex ") } || names.contains("Other levels"))
    }

    @Test("compare --format xlsx: every place in the sheet equals the JSON")
    func compareSheet() throws {
        let dir = try scratch("cmp")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.xlsx").path
        let args = ["compare", "paedagog-sjaelland-300", "paedagog-sjaelland-300-key-52-48"]
        let r = try run(args + ["--format", "xlsx", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try dump(path)
        #expect(sheets.map(\.name) == ["Sammenligning", "Totaler", "Kilder"])
        let csv = try run(args + ["--format", "csv"])
        #expect(csv.status == 0)
        // The CSV of the same comparison: places_<label> columns in the same order as the sheet's rows.
        let lines = csv.text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let placeColumns = header.indices.filter { header[$0].hasPrefix("places_") }
        let codeColumn = try #require(header.firstIndex(of: "code"))
        #expect(placeColumns.count == 2)
        let sheet = sheets[0]
        let dataRows = sheet.rowNumbers.filter { $0 > 1 && sheet.row($0)["E"] != nil }
        try #require(dataRows.count == lines.count - 1 && dataRows.count > 10)
        let sheetColumns = ["G", "H"]
        for (i, r) in dataRows.enumerated() {
            let row = sheet.row(r)
            #expect(row["E"]?.text == lines[i + 1][codeColumn], "code on row \(r)")
            for (k, pc) in placeColumns.enumerated() {
                let expected = Double(lines[i + 1][pc])
                #expect(row[sheetColumns[k]]?.number == expected, "row \(r) column \(sheetColumns[k])")
            }
            if let a = Double(lines[i + 1][placeColumns[0]]), let b = Double(lines[i + 1][placeColumns[1]]) {
                #expect(row["I"]?.number == b - a, "change on row \(r)")
            }
        }
    }

    @Test("an .xlsx input where a CSV is expected: read from its first sheet")
    func workbookInput() throws {
        let dir = try scratch("in")
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("w.xlsx").path
        // Written by openpyxl: numbers as numbers, an id with a leading zero as text, a blank row.
        _ = try python(["-c", """
            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Vægte"
            ws.append(["id", "weight"]); ws.append(["101", 5300]); ws.append([]); ws.append(["147", 3100]); ws.append(["0151", 1600])
            wb.save(sys.argv[1])
            """, xlsx])
        let csv = dir.appendingPathComponent("w.csv").path
        try "id,weight\n101,5300\n147,3100\n0151,1600\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let fromXLSX = try run(["apportion", "--seats", "10", "--input", xlsx, "--format", "json"])
        let fromCSV = try run(["apportion", "--seats", "10", "--input", csv, "--format", "json"])
        #expect(fromXLSX.status == 0, "\(fromXLSX.stderr)")
        #expect(fromXLSX.stdout == fromCSV.stdout)
        #expect(fromXLSX.text.contains("\"0151\": 2"))

        // Not a workbook although named so: said plainly, exit 65.
        let fake = dir.appendingPathComponent("age.xlsx").path
        try "not a workbook\n".write(toFile: fake, atomically: true, encoding: .utf8)
        let bad = try run(["plan", "sosu-2023-kl-key", "--age-data", fake])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("Excel workbook") && bad.stderr.contains("CSV"), "\(bad.stderr)")
        // An old binary .xls.
        let xls = dir.appendingPathComponent("w.xls").path
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).write(to: URL(fileURLWithPath: xls))
        let old = try run(["apportion", "--seats", "10", "--input", xls])
        #expect(old.status == 65)
        #expect(old.stderr.contains(".xls") && old.stderr.contains("CSV"), "\(old.stderr)")
    }

    @Test("kommuner --format xlsx: codes as text, residents as numbers, an I alt formula")
    func kommuner() throws {
        let dir = try scratch("k")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("k.xlsx").path
        #expect(try run(["kommuner", "--kkr", "Sjælland", "--format", "xlsx", "--output", path]).status == 0)
        let j = try run(["kommuner", "--kkr", "Sjælland", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: j.stdout) as? [[String: Any]])
        let sheet = try #require(try dump(path).first)
        for (i, m) in list.enumerated() {
            let row = sheet.row(i + 2)
            #expect(row["A"]?.type == "s" && row["A"]?.text == m["code"] as? String)
            #expect(row["D"]?.number == (m["population"] as? NSNumber)?.doubleValue)
        }
        let total = list.reduce(0) { $0 + ($1["population"] as! Int) }
        let t = try #require(sheet.row(list.count + 2)["D"])
        #expect(t.number == Double(total) && (t.value as? String)?.hasPrefix("=SUM(") == true)
    }
}

// MARK: - sweep and follow-up workbooks

/// The sheets' filter ranges, as openpyxl reads them.
private func autofilters(_ path: String) throws -> [String: String] {
    let data = try python([root.appendingPathComponent("scripts/xlsx-dump.py").path, path])
    let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let sheets = try #require(o["sheets"] as? [[String: Any]])
    var out: [String: String] = [:]
    for s in sheets { if let f = s["auto_filter"] as? String { out[s["name"] as! String] = f } }
    return out
}

private func jsonObject(_ r: RunResult) throws -> [String: Any] {
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
}

@Suite(.serialized) struct SweepFollowUpXLSXTests {
    static let sweepArgs = ["sweep", "sosu-2023-kl-key", "--samples", "20", "--seed", "1", "--perturb", "population=2%"]

    @Test("sweep --format xlsx: every unit's row equals the JSON of the same sweep; the plan's places equal plan's own JSON")
    func sweepWorkbook() throws {
        let dir = try scratch("sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.xlsx").path
        let r = try run(Self.sweepArgs + ["--format", "xlsx", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let sheets = try dump(path)
        #expect(sheets.map(\.name) == ["Oversigt", "Social- og sundhedshjælper", "Social- og sundhedsassistent", "Yderpunkter"])

        let o = try jsonObject(try run(Self.sweepArgs + ["--format", "json"]))
        let units = try #require(o["units"] as? [[String: Any]])
        #expect(o["scenarios"] as? Int == 20)
        // Education names and the unperturbed plan, from `plan` itself (not from the sweep).
        let plan = try jsonObject(try run(["plan", "sosu-2023-kl-key", "--format", "json"]))
        let educations = try #require(plan["educations"] as? [[String: Any]])
        #expect(educations.count == 2)
        let filters = try autofilters(path)

        var fragileMunicipalities = 0
        for e in educations {
            let id = try #require(e["id"] as? String), name = try #require(e["name"] as? String)
            let levels = try #require(e["levels"] as? [[String: Any]])
            let planned = try #require(levels.first { $0["level"] as? String == "municipality" }?["allocation"] as? [String: Int])
            let sheet = try #require(sheets.first { $0.name == name }, "sheet \(name)")
            #expect(sheet.freeze == "C2")
            #expect(filters[name] == "A1:N99", "the filter covers the 98 municipalities, not the KKR lines")
            let header = sheet.row(1)
            #expect(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].map { header[$0]?.text } ==
                    ["Kommunekode", "Kommune", "KKR", "Planens pladser", "Min", "Median", "Maks", "Spænd (maks − min)", "Planens tal forekommer", "Skrøbelig"])
            let mine = units.filter { $0["education"] as? String == id }
            #expect(mine.filter { $0["level"] as? String == "municipality" }.count == 98)
            #expect(mine.filter { $0["level"] as? String == "kkr" }.count == 5)
            var matched = Set<Int>()
            let byRow = Dictionary(uniqueKeysWithValues: sheet.rowNumbers.map { ($0, sheet.row($0)) })
            for u in mine {
                let code = try #require(u["code"] as? String), level = try #require(u["level"] as? String)
                let r = try #require(sheet.rowNumbers.first { n in
                    let row = byRow[n]!
                    return level == "municipality" ? (row["A"]?.text == code && row["A"]?.type == "s")
                        : (row["B"]?.text == "KKR \(code)" && row["C"]?.text == code)
                }, "\(id) \(level) \(code) in the sheet")
                matched.insert(r)
                let row = byRow[r]!
                let baseline = try #require(u["baseline"] as? Int), lo = try #require(u["min"] as? Int), hi = try #require(u["max"] as? Int)
                let n = try #require(u["scenarios"] as? Int), changed = try #require(u["changed"] as? Int)
                let counts = try #require(u["counts"] as? [[String: Int]])
                let median = try #require((u["median"] as? NSNumber)?.doubleValue)
                if level == "municipality" {
                    #expect(planned[code] == baseline, "\(code): the sweep's baseline is the plan")
                    if changed > 0 { fragileMunicipalities += 1 }
                }
                #expect(row["D"]?.number == Double(baseline) && row["D"]?.numberFormat == "#,##0", "\(code)")
                #expect(row["E"]?.number == Double(lo) && row["G"]?.number == Double(hi), "\(code)")
                #expect(row["F"]?.number == median, "\(code) median")
                #expect(row["H"]?.number == Double(hi - lo), "\(code) spread")
                let same = counts.first { $0["places"] == baseline }?["count"] ?? 0
                #expect(row["I"]?.number == Double(same) / Double(n) && row["I"]?.numberFormat == "0.0%", "\(code) share")
                #expect(row["J"]?.text == (changed > 0 ? "ja" : "nej"), "\(code) fragile")
                #expect(row["K"]?.number == Double(n))
                if let m = u["min_scenario"] as? Int { #expect(row["L"]?.number == Double(m)) }
                if let m = u["max_scenario"] as? Int { #expect(row["M"]?.number == Double(m)) }
                if level == "kkr" { #expect(row["B"]?.bold == true) }
            }
            #expect(matched.count == 103)
        }
        // Anchors read off the plan (Køge) and the run.
        #expect(fragileMunicipalities > 0 && fragileMunicipalities <= 196)
        let overview = try #require(sheets.first { $0.name == "Oversigt" })
        let scenariosRow = try #require(overview.rowNumbers.first { overview.row($0)["A"]?.text == "Scenarier i alt" })
        #expect(overview.row(scenariosRow)["B"]?.number == 20)
        #expect(overview.cells.contains { $0.text == "Frø (seed)" } && overview.cells.contains { $0.text == "1" })
        #expect(overview.cells.contains { $0.text?.hasPrefix("\(fragileMunicipalities) af 196 kommunekvoter ændrer sig") == true }, "the answer first")
        #expect(overview.cell("A3")?.text?.hasSuffix("ændrer sig i mindst ét af de 20 scenarier.") == true)
        // Fragile counts per education add up to the headline.
        let fragileCells = overview.rowNumbers.compactMap { overview.row($0)["C"]?.number }
        #expect(fragileCells.count == 2 && fragileCells.reduce(0, +) == Double(fragileMunicipalities))
        #expect(overview.cells.contains { $0.text == "Illustrativt tal (ikke offentliggjort)" }, "the illustrative elderly key is marked")
        #expect(overview.cells.contains { $0.text == "14. november 2023" })

        // Every extreme scenario with the command that reproduces it.
        let extremes = try #require(sheets.first { $0.name == "Yderpunkter" })
        let ext = try #require(o["extreme_scenarios"] as? [[String: Any]])
        #expect(!ext.isEmpty)
        for x in ext {
            let i = try #require(x["scenario"] as? Int)
            let r = try #require(extremes.rowNumbers.first { extremes.row($0)["A"]?.number == Double(i) }, "scenario \(i)")
            #expect(extremes.row(r)["E"]?.text == x["reproduce"] as? String)
        }
    }

    @Test("follow-up --format xlsx: Kommuner and KKR equal the JSON; the I alt lines sum exactly; Oversigt gives the country and the worst KKR")
    func followUpWorkbook() throws {
        let dir = try scratch("followup")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (file, sheetNames) in [("illustrative-sosu-2023-sjaelland.csv", ["Oversigt", "Kommuner", "KKR"]),
                                   ("illustrative-sosu-2023-kkr.csv", ["Oversigt", "KKR"]),
                                   ("sosu-2021-national.csv", ["Oversigt"])] {
            let scenario = file.contains("2021") ? "sosu-2021" : "sosu-2023"
            let args = ["follow-up", scenario, "--realised", "\(followUpData)/realised/\(file)"]
            let path = dir.appendingPathComponent(file + ".xlsx").path
            let r = try run(args + ["--format", "xlsx", "--output", path])
            #expect(r.status == 0, "\(file): \(r.stderr)")
            let sheets = try dump(path)
            #expect(sheets.map(\.name) == sheetNames, "\(file)")
            let o = try jsonObject(try run(args + ["--format", "json"]))
            let sections = try #require(o["sections"] as? [[String: Any]])
            let overview = try #require(sheets.first { $0.name == "Oversigt" })
            let head = try #require(overview.rowNumbers.first { overview.row($0)["A"]?.text == "Uddannelse" })
            #expect(head > 3, "the summary sentences come first")
            #expect(overview.row(head)["G"]?.text == "Mangler")
            for (k, s) in sections.enumerated() {
                let name = try #require(s["name"] as? String)
                let lines = try #require(s["lines"] as? [[String: Any]])
                // The answer first: the country (else the KKR together) and the worst KKR.
                let top = overview.row(head + 1 + k)
                #expect(top["A"]?.text == name)
                if let nation = lines.first(where: { $0["level"] as? String == "nation" }) {
                    #expect(top["E"]?.number == Double(nation["dimensioned"] as! Int), "\(file) \(name)")
                    #expect(top["F"]?.number == Double(nation["realised"] as! Int))
                    #expect(top["G"]?.number == Double(nation["shortfall"] as! Int))
                }
                if let worst = lines.first(where: { $0["level"] as? String == "kkr" }) {
                    #expect(top["I"]?.text == worst["name"] as? String && top["J"]?.number == Double(worst["shortfall"] as! Int))
                }
                for (level, sheetName) in [("municipality", "Kommuner"), ("kkr", "KKR")] {
                    let ls = lines.filter { $0["level"] as? String == level }
                    guard !ls.isEmpty else { continue }
                    let sheet = try #require(sheets.first { $0.name == sheetName })
                    let rows = sheet.rowNumbers.filter { sheet.row($0)["A"]?.text == name && sheet.row($0)["C"]?.text != nil }
                    #expect(rows.count == ls.count, "\(file) \(name) \(level)")
                    for (l, n) in zip(ls, rows) {  // the same order: worst first
                        let row = sheet.row(n)
                        #expect(row["C"]?.text == l["code"] as? String && row["C"]?.type == "s")
                        #expect(row["F"]?.number == Double(l["dimensioned"] as! Int) && row["F"]?.numberFormat == "#,##0")
                        #expect(row["G"]?.number == Double(l["realised"] as! Int))
                        #expect(row["H"]?.number == Double(l["shortfall"] as! Int))
                        let pct = try #require(row["I"]?.number)
                        #expect(abs(pct * 100 - (l["fulfilled_pct"] as! NSNumber).doubleValue) < 0.005)
                    }
                    // The I alt line: SUM formulas whose values are the JSON totals; shortfalls sum exactly.
                    let totals = try #require((s["totals"] as? [String: [String: Int]])?[level])
                    if ls.count > 1 {
                        let t = try #require(sheet.rowNumbers.first { sheet.row($0)["A"]?.text == name && sheet.row($0)["D"]?.text?.contains("i alt") == true })
                        let row = sheet.row(t)
                        #expect(row["H"]?.value as? String == "=SUM(H\(rows.first!):H\(rows.last!))" && row["H"]?.bold == true, "\(file) \(name)")
                        #expect(row["I"]?.value as? String == "=G\(t)/F\(t)")
                        #expect(row["F"]?.number == Double(totals["dimensioned"]!) && row["G"]?.number == Double(totals["realised"]!))
                        #expect(row["H"]?.number == Double(totals["shortfall"]!))
                        #expect(totals["shortfall"]! == ls.reduce(0) { $0 + ($1["shortfall"] as! Int) })
                    }
                }
            }
            let sourcesHead = try #require(overview.rowNumbers.first { overview.row($0)["A"]?.text == "Kilde" })
            #expect(overview.row(sourcesHead)["C"]?.text == "Dato")
            #expect(overview.rowNumbers.filter { $0 > sourcesHead && !(overview.row($0)["C"]?.text ?? "").isEmpty }.count >= 1, "\(file): sources with their dates")
        }
        // Anchors independent of the JSON: Sjælland's hjælpere, 474 dimensioned (the plan's bilag), 447 realised (the file's sum).
        let sj = try dump(dir.appendingPathComponent("illustrative-sosu-2023-sjaelland.csv.xlsx").path)
        let kkr = try #require(sj.first { $0.name == "KKR" })
        #expect(kkr.row(2)["D"]?.text == "KKR Sjælland" && kkr.row(2)["F"]?.number == 474 && kkr.row(2)["G"]?.number == 447 && kkr.row(2)["H"]?.number == 27)
        let csv = try String(contentsOfFile: root.appendingPathComponent("\(followUpData)/realised/illustrative-sosu-2023-sjaelland.csv").path, encoding: .utf8)
        let hjaelper = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }.filter { $0[1] == "hjaelper" }
        #expect(hjaelper.reduce(0) { $0 + Int($1[3])! } == 447)
    }

    @Test("sweep and follow-up workbooks: same bytes for the same input; --output required (exit 64); --lang en")
    func determinismAndLanguage() throws {
        let dir = try scratch("det2")
        defer { try? FileManager.default.removeItem(at: dir) }
        let follow = ["follow-up", "sosu-2023", "--realised", "\(followUpData)/realised/illustrative-sosu-2023-kkr.csv"]
        let sweep = ["sweep", "sosu-2023", "--samples", "5", "--seed", "3", "--perturb", "population=1%"]
        for (label, args) in [("sweep", sweep), ("follow", follow)] {
            let a = dir.appendingPathComponent("\(label)-a.xlsx").path, b = dir.appendingPathComponent("\(label)-b.xlsx").path
            #expect(try run(args + ["--format", "xlsx", "--output", a]).status == 0)
            #expect(try run(args + ["--format", "xlsx", "--output", b] + (label == "sweep" ? ["--threads", "1"] : [])).status == 0)
            let da = try Data(contentsOf: URL(fileURLWithPath: a))
            #expect(da == (try Data(contentsOf: URL(fileURLWithPath: b))) && da.count > 1000, "\(label)")
            let missing = try run(args + ["--format", "xlsx"])
            #expect(missing.status == 64 && missing.stderr.contains("--output"), "\(label): \(missing.stderr)")
            #expect(missing.stdout.isEmpty)
            let en = dir.appendingPathComponent("\(label)-en.xlsx").path
            #expect(try run(args + ["--format", "xlsx", "--output", en, "--lang", "en"]).status == 0)
            let sheets = try dump(en)
            #expect(sheets.first?.name == "Summary", "\(label)")
            let header = try #require(sheets.dropFirst().first).row(1)
            #expect(label == "sweep" ? header["A"]?.text == "Municipality code" && header["D"]?.text == "Places in the plan"
                                     : header["F"]?.text == "Dimensioned" && header["H"]?.text == "Shortfall", "\(label)")
        }
    }
}
