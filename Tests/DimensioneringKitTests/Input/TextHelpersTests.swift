import Foundation
import Testing
@testable import DimensioneringKit

/// The hand-written trimming agrees with Foundation's `trimmingCharacters(in:)` on both sets,
/// over every space separator, every line separator and the characters next to them.
@Suite struct TrimmingTests {
    static let edges: [String] = [
        " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2007}", "\u{200A}",
        "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "x", "é", "e\u{301}", "",
    ]

    @Test func agreesWithFoundation() {
        var compared = 0
        for a in Self.edges {
            for b in Self.edges {
                for core in ["", "Køge", "1 000", " a\u{A0}b ", "\u{301}"] {
                    let s = a + b + core + b + a
                    #expect(s.trimmingBlanks() == s.trimmingCharacters(in: .whitespaces), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
                    #expect(s.trimmingBlanksAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines),
                            "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
                    compared += 1
                }
            }
        }
        #expect(compared == Self.edges.count * Self.edges.count * 5)
    }

    /// Every scalar of the first three planes (the sets hold nothing above U+3000).
    @Test func everyScalarClassifiedAsFoundationDoes() {
        var differ: [String] = []
        for v in UInt32(0)...0x2FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.isBlank != CharacterSet.whitespaces.contains(u) || u.isBlankOrNewline != CharacterSet.whitespacesAndNewlines.contains(u) {
                differ.append(String(v, radix: 16))
            }
        }
        #expect(differ.isEmpty)
    }

    @Test func substringsAndPadding() {
        let line = "101;  Køge \t;x"
        let field = line.split(separator: ";")[1]
        #expect(field.trimmingBlanks() == "Køge")
        #expect("\t 61.718 \t".trimmingSpacesAndTabs() == "61.718")
        #expect("\u{A0}61.718".trimmingSpacesAndTabs() == "\u{A0}61.718")
    }
}

/// `--variant` assignment lists: commas inside a value's brackets or quotes do not split.
@Suite struct AssignmentListTests {
    @Test func splitsAtTopLevelCommasOnly() throws {
        #expect(try AssignmentList.split("method=dhondt, education.assistent.total=6100") == ["method=dhondt", "education.assistent.total=6100"])
        #expect(try AssignmentList.split(#" education.x.phase_in={ "2023/24" = 33, "2025/26" = 66 }, method=dhondt "#)
            == [#"education.x.phase_in={ "2023/24" = 33, "2025/26" = 66 }"#, "method=dhondt"])
        #expect(try AssignmentList.split(#"notes=["a, b", 'c]'], ties=order"#) == [#"notes=["a, b", 'c]']"#, "ties=order"])
        #expect(try AssignmentList.split("title=D'Hondt-variant, method=dhondt") == ["title=D'Hondt-variant", "method=dhondt"])
        // A double quote inside a bare value is text, as a single quote is (was: 'where' bound only the second pattern).
        #expect(try AssignmentList.split(#"title=D"Hondt, method=dhondt"#) == [#"title=D"Hondt"#, "method=dhondt"])
        #expect(try AssignmentList.split(#"title="a, \"b\", c", method=dhondt"#) == [#"title="a, \"b\", c""#, "method=dhondt"])
        #expect(try AssignmentList.split(" , method=dhondt ,") == ["method=dhondt"])
    }

    @Test func unbalancedIsAnError() {
        #expect(throws: AssignmentList.SplitError.self) { try AssignmentList.split("x={ a = 1, b = 2") }
        #expect(throws: AssignmentList.SplitError.self) { try AssignmentList.split("x=[1, 2]]") }
        #expect(throws: AssignmentList.SplitError.self) { try AssignmentList.split(#"x="open, y=1"#) }
    }
}
