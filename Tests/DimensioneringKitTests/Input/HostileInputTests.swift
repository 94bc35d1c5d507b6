import Foundation
import Testing
@testable import DimensioneringKit

/// Issue #10: limits, strict decoding, Danish numbers, complete FOLK1A exports, control characters
/// and message caps, each with an input that used to crash, hang or give a silently wrong result.
@Suite struct HostileInputTests {
    // MARK: TOML limits

    @Test func tomlNestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        let deep = "notes = " + String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000) + "\n"
        #expect(errorText { _ = try TOML.parse(deep, file: "deep.toml") }.hasPrefix("deep.toml:1: arrays and inline tables nested more than 64"))
        let inline = "x = " + String(repeating: "{a = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n"
        #expect(errorText { _ = try TOML.parse(inline, file: "i.toml") }.contains("nested more than 64"))
        // At the limit it parses.
        let ok = "notes = " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        #expect(throws: Never.self) { _ = try TOML.parse(ok, file: "ok.toml") }
    }

    @Test func tomlDottedKeyPartsAndHeaderDepthAreLimited() throws {
        let dotted = Array(repeating: "a", count: 20_000).joined(separator: ".") + " = 1\n"
        #expect(errorText { _ = try TOML.parse(dotted, file: "d.toml") } == "d.toml:1: a dotted key with more than 64 parts; tables nest at most 64 deep")
        let header = "\n[" + Array(repeating: "h", count: 65).joined(separator: ".") + "]\n"
        #expect(errorText { _ = try TOML.parse(header, file: "h.toml") }.hasPrefix("h.toml:2: a dotted key with more than 64 parts"))
        let combined = "[" + Array(repeating: "h", count: 40).joined(separator: ".") + "]\n"
            + Array(repeating: "k", count: 30).joined(separator: ".") + " = 1\n"
        #expect(errorText { _ = try TOML.parse(combined, file: "c.toml") }.hasPrefix("c.toml:2: the key"))
        let ok = Array(repeating: "a", count: 64).joined(separator: ".") + " = 1\n"
        let t = try TOML.parse(ok, file: "ok.toml")
        #expect(t["a"]?.table != nil)
    }

    @Test func tomlKeyAndScalarLengthsAreLimited() {
        let longKey = String(repeating: "k", count: 1025) + " = 1\n"
        #expect(errorText { _ = try TOML.parse(longKey, file: "k.toml") } == "k.toml:1: a key of 1025 characters; keys have at most 1024")
        let quotedKey = "\"" + String(repeating: "q", count: 5000) + "\" = 1\n"
        #expect(errorText { _ = try TOML.parse(quotedKey, file: "k.toml") }.contains("keys have at most 1024"))
        let longNumber = "x = " + String(repeating: "1", count: 300) + "\n"
        #expect(errorText { _ = try TOML.parse(longNumber, file: "n.toml") }.contains("a value of more than 256 characters"))
    }

    @Test func tomlFileSizeIsLimited() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("toml-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.toml").path
        try Data(("notes = \"" + String(repeating: "x", count: TOML.maximumFileSize) + "\"\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(errorText { _ = try TOML.read(path: path) }.contains("larger than 8 MB"))
    }

    /// Many keys in one table, dotted keys into one table and many [[arrays]]: built in place.
    /// (Before, each insertion copied the table: 20,000 keys under [a] took 41 s.) Not timed; a
    /// quadratic parser makes this test run for minutes rather than fail on a clock.
    @Test func tomlLargeTablesParse() throws {
        var text = ""
        for i in 0..<5_000 { text += "d.e.k\(i) = \(i)\n" }
        text += "[a]\n"
        for i in 0..<20_000 { text += "k\(i) = \(i)\n" }
        for i in 0..<5_000 { text += "[[b.c]]\nv = \(i)\n" }
        let t = try TOML.parse(text, file: "many.toml")
        #expect(t["a"]?.table?.keys.count == 20_000)
        #expect(t["b"]?.table?["c"]?.array?.count == 5_000)
        #expect(t["b"]?.table?["c"]?.array?.last?.table?["v"]?.integer == 4_999)
        #expect(t["d"]?.table?["e"]?.table?.keys.count == 5_000)
    }

    // MARK: Decoding

    @Test func utf8WithOneInvalidByteIsRefusedNamingTheLine() {
        var bytes = Array("id,weight\nKøge,1\n".utf8)
        bytes += Array("Roskilde,2\nK".utf8) + [0xF8] + Array("ge2,3\n".utf8)
        #expect(errorText { _ = try CSVTable.parse(Data(bytes), file: "m.csv") }
            .hasPrefix("m.csv:4: the file is UTF-8 except for byte 0xF8 on this line"))
        // All Latin-1, no multi-byte UTF-8 at all: read as Windows-1252.
        let t = try? CSVTable.parse(latin1("id,weight\nKøge,1\n"), file: "l.csv")
        #expect(t?.encoding == .windows1252)
        #expect(t?.rows.first?["id"] == "Køge")
        // A BOM promises UTF-8.
        #expect(errorText { _ = try CSVTable.parse(Data([0xEF, 0xBB, 0xBF] + Array("id,weight\nK".utf8) + [0xF8, 0x0A]), file: "b.csv") }
            .hasPrefix("b.csv:2: the file starts with a UTF-8 byte-order mark"))
    }

    @Test func utf16WithoutByteOrderMarkIsDetected() throws {
        let text = "id,weight\nKøge,1\nAarhus,2\n"
        for (bytes, name) in [(Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, "be"),
                              (Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, "le")] {
            let t = try CSVTable.parse(Data(bytes), file: "\(name).csv")
            #expect(t.encoding == .utf16)
            #expect(t.header == ["id", "weight"])
            #expect(t.rows.map { $0["id"] } == ["Køge", "Aarhus"])
        }
        #expect(errorText { _ = try CSVTable.parse(Data([0x69, 0x64, 0x0A, 0x61, 0x00, 0x62, 0x0A, 0x63, 0x0A]), file: "n.csv") }
            == "n.csv:2: a NUL byte: this is a binary file, not text (CSV or TOML)")
    }

    @Test func endlessInputIsCappedWithAClearMessage() {
        #expect(errorText { _ = try TextDecoding.readFile("/dev/zero", limit: 1 << 20) }
            == "/dev/zero: the input is larger than 1 MB (or never ends); is it the right file?")
    }

    // MARK: Danish numbers

    @Test func danishNumbersInSemicolonFiles() throws {
        let t = try CSVTable.parse(Data("id;weight;seats\na;1.000;3.000\nb;2,5;7\nc;1.867.948;1.000\nd;1.000,25;0\n".utf8), file: "dk.csv")
        #expect(try t.rows.map { try $0.decimal("weight") } == ["1000", "2.5", "1867948", "1000.25"])
        #expect(try t.rows.map { try $0.int("seats") } == [3000, 7, 1000, 0])
        for bad in ["1.5", "0.25", "1.00", "12.3456", "1.000.00", "01.000"] {
            let u = try CSVTable.parse(Data("id;weight\na;\(bad)\n".utf8), file: "amb.csv")
            #expect(errorText { _ = try u.rows[0].decimal("weight") }.hasPrefix("amb.csv:2: field 'weight': '\(bad)' is ambiguous"))
        }
        // Tab-separated with a decimal comma somewhere: Danish too.
        let tab = try CSVTable.parse(Data("id\tweight\na\t1,5\nb\t1.000\n".utf8), file: "t.tsv")
        #expect(try tab.rows.map { try $0.decimal("weight") } == ["1.5", "1000"])
        // Comma-separated: '.' is the decimal point.
        let en = try CSVTable.parse(Data("id,weight\na,1.000\n".utf8), file: "en.csv")
        #expect(try en.rows[0].decimal("weight") == "1")
    }

    // MARK: Strict reading

    @Test func folk1aMissingOneSexForOneMunicipalityIsRefused() {
        let small = try! MunicipalityRegistry([
            Municipality(code: "101", name: "København", kkr: "Hovedstaden", population: 0),
            Municipality(code: "259", name: "Køge", kkr: "Sjælland", population: 0),
        ])
        var text = "OMRÅDE;ALDER;KØN;TID;INDHOLD\n"
        text += "Køge;67 år;Mænd;2022K1;10\nKøge;67 år;Kvinder;2022K1;11\n"
        text += "København;67 år;Mænd;2022K1;100\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(Data(text.utf8), file: "f.csv", registry: small) }
            .hasPrefix("f.csv:4: field 'OMRÅDE': municipality 101 København has no figure for Kvinder, age 67 (other municipalities have it, e.g. line 3)"))
    }

    @Test func controlCharactersInIdsAreRefused() throws {
        for (c, code) in [("\u{1B}[31m", "U+001B"), ("\u{7}", "U+0007"), ("\u{202E}", "U+202E"), ("\u{85}", "U+0085")] {
            let t = try CSVTable.parse(Data("id,weight\n\"a\(c)b\",1\n".utf8), file: "c.csv")
            #expect(errorText { _ = try t.rows[0].string("id") }
                == "c.csv:2: field 'id': the value contains the control character \(code) (invisible in most programs); remove it")
        }
    }

    // MARK: Messages

    @Test func messagesAreCappedAndControlCharactersShown() {
        let huge = String(repeating: "x", count: 10_000_000)
        let e = DimensioneringError.badData(SourceLocation(file: "w.csv", line: 2, field: "weight"), "'\(huge)' is not a valid number")
        #expect(e.description == "w.csv:2: field 'weight': '" + String(repeating: "x", count: 200) + "...' is not a valid number")
        let esc = DimensioneringError.usage("unknown municipality 'a\u{1B}[2Jb'")
        #expect(esc.description == "unknown municipality 'a\\u{1B}[2Jb'")
    }
}
