import Foundation
import Testing
@testable import DimensioneringKit

/// The error's full text, or "no error".
func errorText(_ body: () throws -> Void) -> String {
    do { try body(); return "no error" } catch let e as DimensioneringError { return e.description } catch {
        return "\(error)"
    }
}

func csv(_ text: String, _ file: String = "weights.csv") throws -> CSVTable {
    try CSVTable.parse(Data(text.utf8), file: file)
}

@Suite struct CSVTableInputTests {
    @Test func basicCommaFile() throws {
        let t = try csv("id,weight\n101,644431\n147, 103608 \n")
        #expect(t.header == ["id", "weight"])
        #expect(t.separator == ",")
        #expect(t.rows.count == 2)
        #expect(t.rows[1]["weight"] == "103608")
        #expect(t.rows[1].line == 3)
        #expect(try t.rows[0].int("WEIGHT") == 644431)
    }

    @Test func semicolonAndTabDetection() throws {
        #expect(try csv("id;weight\n1;2\n").separator == ";")
        #expect(try csv("id\tweight\n1\t2\n").separator == "\t")
        let one = try csv("id\n1\n2\n")
        #expect(one.header == ["id"])
        #expect(one.rows.map { $0.fields } == [["1"], ["2"]])
    }

    @Test func bomAndCRLF() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("id,weight\r\n101,5\r\n\r\n147,6\r\n".utf8))
        let t = try CSVTable.parse(data, file: "w.csv")
        #expect(t.header == ["id", "weight"])
        #expect(t.rows.map { $0.fields } == [["101", "5"], ["147", "6"]])
        #expect(t.rows.map { $0.line } == [2, 4])
    }

    @Test func latin1Koege() throws {
        // "kommune;vægt\nKøge;12\n" in Windows-1252 bytes.
        var bytes: [UInt8] = Array("kommune;v".utf8) + [0xE6] + Array("gt\nK".utf8) + [0xF8] + Array("ge;12\n".utf8)
        bytes += Array("Br".utf8) + [0xF8] + Array("nderslev;3 ".utf8) + [0x80] + Array("\n".utf8)
        let t = try CSVTable.parse(Data(bytes), file: "stat.csv")
        #expect(t.encoding == .windows1252)
        #expect(t.header == ["kommune", "vægt"])
        #expect(t.rows[0]["kommune"] == "Køge")
        #expect(t.rows[1]["VÆGT"] == "3 €")
    }

    @Test func utf8KoegeStaysUTF8() throws {
        let t = try csv("navn\nKøge\nÆrø\n")
        #expect(t.encoding == .utf8)
        #expect(t.rows.map { $0.fields[0] } == ["Køge", "Ærø"])
    }

    @Test func quotingRFC4180() throws {
        let text = "id,name,note\n1,\"Høje-Taastrup, Kommune\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",x\n3, \"spaced\" ,\"\"\n"
        let t = try csv(text)
        #expect(t.rows.count == 3)
        #expect(t.rows[0].fields == ["1", "Høje-Taastrup, Kommune", "say \"hi\""])
        #expect(t.rows[1].fields == ["2", "two\nlines", "x"])
        #expect(t.rows[1].line == 3)
        #expect(t.rows[2].line == 5)
        #expect(t.rows[2].fields == ["3", "spaced", ""])
    }

    @Test func separatorInsideQuotedHeaderIsIgnoredForDetection() throws {
        let t = try csv("\"a;b\",c\n1,2\n")
        #expect(t.separator == ",")
        #expect(t.header == ["a;b", "c"])
    }

    @Test func skipsEmptyAndSeparatorOnlyLines() throws {
        let t = try csv("\n\nid;weight\n\n1;2\n;\n   \n3;4")
        #expect(t.headerLine == 3)
        #expect(t.rows.map { $0.line } == [5, 8])
    }

    @Test func trailingSeparatorColumnIsDropped() throws {
        let t = try csv("id;weight;\n1;2;\n3;4\n")
        #expect(t.header == ["id", "weight"])
        #expect(t.rows.map { $0.fields } == [["1", "2"], ["3", "4"]])
    }

    @Test func emptyFile() {
        #expect(errorText { _ = try csv("") } == "weights.csv: file is empty")
        #expect(errorText { _ = try csv("\n \r\n") } == "weights.csv: file is empty")
        #expect(errorText { _ = try CSVTable.parse(Data([0xEF, 0xBB, 0xBF]), file: "w.csv") } == "w.csv: file is empty")
    }

    @Test func wrongFieldCount() {
        #expect(errorText { _ = try csv("id,weight\n1,2\n3,4,5\n") }
            == "weights.csv:3: expected 2 fields ('id', 'weight') separated by ',', found 3; quote values that contain ','")
        #expect(errorText { _ = try csv("id;weight\n1\n") }
            == "weights.csv:2: expected 2 fields ('id', 'weight') separated by ';', found 1")
    }

    @Test func unterminatedQuote() {
        #expect(errorText { _ = try csv("id,name\n1,ok\n2,\"Køge\n3,x\n") }
            == "weights.csv:3: unterminated quoted field: the '\"' opened on this line is never closed")
        #expect(errorText { _ = try csv("id,name\n1,\"a\"b\n") }
            == "weights.csv:2: unexpected text after a closing quote; inside a quoted field write a quote as \"\"")
    }

    @Test func requireColumnsMisspelt() throws {
        let t = try csv("id,wieght\n1,2\n")
        #expect(errorText { try t.requireColumns(["id", "weight"], optional: ["min", "max"]) }
            == "weights.csv:1: field 'weight': missing column 'weight'; found 'id', 'wieght' — did you mean 'weight' instead of 'wieght'?")
    }

    @Test func requireColumnsUnknownAndDuplicate() throws {
        let t = try csv("ID , Weight,mx\n1,2,3\n")
        #expect(errorText { try t.requireColumns(["id", "weight"], optional: ["min", "max"]) }
            == "weights.csv:1: field 'mx': unknown column 'mx'; expected 'id', 'weight', 'min', 'max' — did you mean 'max'?")
        try t.requireColumns(["id", "weight"], optional: ["min", "max", "mx"])
        let d = try csv("id,weight,Id\n1,2,3\n")
        #expect(errorText { try d.requireColumns(["id", "weight"]) }
            == "weights.csv:1: field 'Id': column 'Id' appears twice (columns 1 and 3)")
        let semi = try csv("id;weight\n1;2\n")
        #expect(errorText { try semi.requireColumns(["id", "weight"]) } == "no error")
    }

    @Test func integers() throws {
        let t = try csv("id,seats\n1,12\n2,-3\n3,1.5\n4,\n5,1 000\n")
        #expect(try t.rows[0].int("seats") == 12)
        #expect(errorText { _ = try t.rows[1].int("seats") }
            == "weights.csv:3: field 'seats': '-3' is negative; a count cannot be negative")
        #expect(try t.rows[1].int("seats", allowNegative: true) == -3)
        #expect(errorText { _ = try t.rows[2].int("seats") }
            == "weights.csv:4: field 'seats': '1.5' is not a whole number (a whole number is required: no decimals, no thousands separators)")
        #expect(errorText { _ = try t.rows[3].int("seats") } == "weights.csv:5: field 'seats': value is empty")
        #expect(try t.rows[3].optionalInt("seats") == nil)
        #expect(try t.rows[3].optionalInt("min") == nil)
        #expect(errorText { _ = try t.rows[4].int("seats") }
            == "weights.csv:6: field 'seats': '1 000' is not a whole number (write the number without spaces)")
        #expect(errorText { _ = try t.rows[0].int("nope") } == "weights.csv:2: field 'nope': no column 'nope' in this file")
    }

    @Test func decimalsAccepted() throws {
        let t = try csv("id,w\na,1234.5\nb,1e-9\nc,1.5E12\nd,007.50\ne,0\nf,+2\ng,.5\nh,0.000\n")
        #expect(try t.rows.map { try $0.decimal("w") }
            == ["1234.5", "0.000000001", "1500000000000", "7.5", "0", "2", "0.5", "0"])
        let s = try csv("id;w\na;1234,5\nb;\"0,25\"\n")
        #expect(try s.rows.map { try $0.decimal("w") } == ["1234.5", "0.25"])
    }

    @Test func decimalsRefused() throws {
        let t = try csv("id,w\na,NaN\nb,inf\nc,\nd,-1\ne,1.234.567\nf,\"1,5\"\ng,12abc\nh,1e999\n")
        let msgs = t.rows.map { r in errorText { _ = try r.decimal("w") } }
        #expect(msgs == [
            "weights.csv:2: field 'w': 'NaN' is not a valid number: it must be a finite number",
            "weights.csv:3: field 'w': 'inf' is not a valid number: it must be a finite number",
            "weights.csv:4: field 'w': value is empty",
            "weights.csv:5: field 'w': '-1' is not a valid number: it must not be negative",
            "weights.csv:6: field 'w': '1.234.567' is not a valid number: more than one '.' or ','; write it without thousands separators, e.g. 1234567.5",
            "weights.csv:7: field 'w': '1,5' is not a valid number: a decimal comma is only accepted in ';'-separated files; use '.'",
            "weights.csv:8: field 'w': '12abc' is not a valid number: expected digits, e.g. 1234.5 or 1e-9",
            "weights.csv:9: field 'w': '1e999' is not a valid number: too large or too small",
        ])
        let long = String(repeating: "9", count: 41)
        let l = try csv("id,w\na,\(long)\nb,\(String(repeating: "9", count: 40))\n")
        #expect(errorText { _ = try l.rows[0].decimal("w") }
            == "weights.csv:2: field 'w': '\(long)' is not a valid number: more than 40 significant digits")
        #expect(try l.rows[1].decimal("w") == String(repeating: "9", count: 40))
    }

    @Test func readMissingFile() {
        #expect(errorText { _ = try CSVTable.read(path: "/nonexistent/x.csv") } == "/nonexistent/x.csv: no such file")
    }

    @Test func atomicWriteReplacesAndFailsCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.csv"
        try AtomicFile.write(Data("old\n".utf8), to: path)
        try AtomicFile.write(Data("new\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
        #expect(errorText { try AtomicFile.write(Data(), to: dir + "/nodir/x.csv") }
            == "cannot write \(dir)/nodir/x.csv: directory '\(dir)/nodir' does not exist")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        #expect(errorText { try AtomicFile.write(Data(), to: dir + "/sub") } == "cannot write \(dir)/sub: is a directory")
        // A read-only directory: the old file stays, nothing partial appears.
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
            #expect(throws: DimensioneringError.self) { try AtomicFile.write(Data("x".utf8), to: path) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["out.csv", "sub"])
        }
    }
}
