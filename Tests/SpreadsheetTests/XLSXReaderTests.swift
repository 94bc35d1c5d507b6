import Foundation
import Spreadsheet
import Testing

@Suite struct XLSXReaderTests {
    /// A workbook written by openpyxl (not by us): shared strings, numbers, a boolean, a formula
    /// without a cached value, a gap row, a sparse cell and a second sheet.
    func openpyxlWorkbook(_ dir: URL) throws -> String {
        let path = dir.appendingPathComponent("openpyxl.xlsx").path
        _ = try runPython(["-c", """
            import sys, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Folketal"
            ws.append(["kommunekode", "navn", "alder", "antal", "andel"])
            ws.append(["0101", "København", 17, 1867948, 2.5])
            ws.append(["259", "Køge", 18, 0, 0.125])
            ws.append(["147", "Tekst med \\"citat\\"; semikolon, komma", 19, -3, True])
            ws["F2"] = "=D2*2"
            ws["D6"] = "alene"
            other = wb.create_sheet("Anden side")
            other["B2"] = "kun her"
            wb.save(sys.argv[1])
            """, path])
        return path
    }

    @Test("reads a workbook written by openpyxl")
    func readsOpenpyxl() throws {
        let dir = try temporaryDirectory("reader")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try openpyxlWorkbook(dir)
        #expect(XLSXReader.isWorkbook(path))
        #expect(try XLSXReader.sheetNames(path) == ["Folketal", "Anden side"])
        let rows = try XLSXReader.readFirstSheet(path)
        #expect(rows == [
            ["kommunekode", "navn", "alder", "antal", "andel"],
            ["0101", "København", "17", "1867948", "2.5"],
            ["259", "Køge", "18", "0", "0.125"],
            ["147", "Tekst med \"citat\"; semikolon, komma", "19", "-3", "TRUE"],
            [],
            ["", "", "", "alene"],
        ])
        #expect(try XLSXReader.readSheet(named: "anden SIDE", path) == [[], ["", "kun her"]])
        #expect(throws: XLSXReadError.sheetNotFound(path: path, sheet: "Tredje", available: ["Folketal", "Anden side"])) {
            try XLSXReader.readSheet(named: "Tredje", path)
        }
    }

    @Test("reads back a workbook written by XLSXWriter: text as text, numbers as their digits")
    func readsOwnOutput() throws {
        let dir = try temporaryDirectory("roundtrip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bilag.xlsx").path
        let workbook = sampleWorkbook()
        try XLSXWriter.write(workbook, to: path)
        #expect(XLSXReader.isWorkbook(path))
        for (index, sheet) in workbook.sheets.enumerated() {
            let rows = index == 0 ? try XLSXReader.readFirstSheet(path) : try XLSXReader.readSheet(named: sheet.name, path)
            #expect(rows.count == sheet.rows.count, "rows of \(sheet.name)")
            for (r, row) in sheet.rows.enumerated() {
                let read = r < rows.count ? rows[r] : []
                for (c, cell) in row.enumerated() {
                    let text = c < read.count ? read[c] : ""
                    let place = "\(sheet.name)!\(CellAddress.reference(row: r, column: c))"
                    switch cell.value {
                    case .empty: #expect(text == "", "\(place)")
                    case let .text(s): #expect(text == s, "\(place)")
                    case let .integer(i): #expect(text == String(i), "\(place)")
                    case let .number(d): #expect(Double(text) == d, "\(place): \(text)")
                    case let .decimal(d): #expect(Double(text) == Double(d.description), "\(place): \(text)")
                    case let .formula(_, .number(d)): #expect(Double(text) == d, "\(place): \(text)")
                    case let .formula(_, .text(s)): #expect(text == s, "\(place)")
                    }
                }
            }
        }
    }

    @Test("tells a workbook from a CSV file, a plain zip and a Word document")
    func sniffing() throws {
        let dir = try temporaryDirectory("sniff")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("data.csv").path
        try Data("id;weight\n101;1.000\n".utf8).write(to: URL(fileURLWithPath: csv))
        let zip = dir.appendingPathComponent("plain.zip").path
        let docx = dir.appendingPathComponent("note.docx").path
        _ = try runPython(["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("a.txt", "hello")
            with zipfile.ZipFile(sys.argv[2], "w") as z:
                z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
                z.writestr("word/document.xml", "<w/>")
            """, zip, docx])
        #expect(!XLSXReader.isWorkbook(csv))
        #expect(!XLSXReader.isWorkbook(zip))
        #expect(!XLSXReader.isWorkbook(docx))
        #expect(!XLSXReader.isWorkbook(dir.appendingPathComponent("missing.xlsx").path))
        #expect(!XLSXReader.isWorkbook(dir.path))
        #expect(throws: XLSXReadError.notAWorkbook(path: csv)) { try XLSXReader.readFirstSheet(csv) }
        #expect(throws: XLSXReadError.notAWorkbook(path: docx)) { try XLSXReader.readFirstSheet(docx) }
    }

    @Test("a damaged sheet is a typed error naming the part")
    func damaged() throws {
        let dir = try temporaryDirectory("damaged")
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try openpyxlWorkbook(dir)
        let bad = dir.appendingPathComponent("bad.xlsx").path
        // Copy every part but cut the first sheet's XML in half.
        _ = try runPython(["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w") as dst:
                for item in src.infolist():
                    data = src.read(item.filename)
                    if item.filename == "xl/worksheets/sheet1.xml":
                        data = data[: len(data) // 2]
                    dst.writestr(item, data)
            """, good, bad])
        #expect(XLSXReader.isWorkbook(bad))
        do {
            _ = try XLSXReader.readFirstSheet(bad)
            Issue.record("a truncated sheet was read")
        } catch let XLSXReadError.malformedXML(path, part, _, _) {
            #expect(path == bad)
            #expect(part == "xl/worksheets/sheet1.xml")
        }
        // The undamaged second sheet still reads.
        #expect(try XLSXReader.readSheet(named: "Anden side", bad) == [[], ["", "kun her"]])
    }
}
