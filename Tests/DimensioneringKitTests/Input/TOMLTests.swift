import Foundation
import Testing
@testable import DimensioneringKit

func toml(_ text: String) throws -> TOMLTable { try TOML.parse(text, file: "scenario.toml") }
func tomlError(_ text: String) -> String { errorText { _ = try toml(text) } }

@Suite struct TOMLInputTests {
    @Test func scenarioLikeDocument() throws {
        let doc = try toml("""
        # Scenario: SOSU 2023
        name = "SOSU-assistent 2023"   # trailing comment
        total = 5_997
        method = 'sainte-laguë'
        exact = true

        [key]
        historical = 0.5
        demography.share = 5e-1
        "quoted key" = -3

        [[level]]
        name = "KKR"
        floors = [1, 2,
          3,   # comment in an array
        ]

        [[level]]
        name = "kommune"
        caps = { default = 10, "101" = 120 }

        [a.b]
        c = 1
        """)
        #expect(doc.keys == ["name", "total", "method", "exact", "key", "level", "a"])
        #expect(doc["name"]?.string == "SOSU-assistent 2023")
        #expect(doc["name"]?.line == 2)
        #expect(doc["total"]?.integer == 5997)
        #expect(doc["method"]?.string == "sainte-laguë")
        #expect(doc["exact"]?.bool == true)
        let key = try #require(doc["key"]?.table)
        #expect(doc["key"]?.line == 7)
        #expect(key.path == ["key"])
        #expect(key["historical"]?.value == .float(text: "0.5"))
        #expect(key["historical"]?.line == 8)
        #expect(key["historical"]?.numberText == "0.5")
        #expect(key["demography"]?.table?["share"]?.value == .float(text: "5e-1"))
        #expect(key["demography"]?.table?["share"]?.line == 9)
        #expect(key["quoted key"]?.integer == -3)
        let levels = try #require(doc["level"]?.array)
        #expect(levels.count == 2)
        #expect(levels.map { $0.line } == [12, 18])
        #expect(levels[0].table?["floors"]?.array?.compactMap { $0.integer } == [1, 2, 3])
        #expect(levels[0].table?["floors"]?.array?.map { $0.line } == [14, 14, 15])
        let caps = try #require(levels[1].table?["caps"]?.table)
        #expect(caps.keys == ["default", "101"])
        #expect(caps["101"]?.integer == 120)
        #expect(doc["a"]?.table?["b"]?.table?["c"]?.integer == 1)
        #expect(doc["a"]?.table?["b"]?.table?.path == ["a", "b"])
    }

    @Test func strings() throws {
        let doc = try toml(#"""
        basic = "tab\there \"quoted\" \u00F8 \U0001F600 back\\slash"
        literal = 'C:\path\no-escape'
        multi = """
        Køge
          line 2"""
        joined = """\
            one \
            two"""
        quotes = """a ""quoted"" word"""""
        lit_multi = '''
        raw \n text'''
        after = 1
        """#)
        #expect(doc["basic"]?.string == "tab\there \"quoted\" ø 😀 back\\slash")
        #expect(doc["literal"]?.string == #"C:\path\no-escape"#)
        #expect(doc["multi"]?.string == "Køge\n  line 2")
        #expect(doc["joined"]?.string == "one two")
        #expect(doc["quotes"]?.string == "a \"\"quoted\"\" word\"\"")
        #expect(doc["lit_multi"]?.string == #"raw \n text"#)
        #expect(doc["after"]?.line == 12)
    }

    @Test func numbers() throws {
        let doc = try toml("""
        a = +17
        b = -0
        c = 1_000_000
        d = 0xff
        e = 0b101
        f = 3.141_592
        g = 1E12
        h = -2.5e-3
        i = inf
        j = 0.1
        """)
        #expect(doc["a"]?.integer == 17)
        #expect(doc["b"]?.integer == 0)
        #expect(doc["c"]?.integer == 1_000_000)
        #expect(doc["d"]?.integer == 255)
        #expect(doc["e"]?.integer == 5)
        #expect(doc["f"]?.value == .float(text: "3.141592"))
        #expect(doc["g"]?.value == .float(text: "1e12"))
        #expect(doc["h"]?.value == .float(text: "-2.5e-3"))
        #expect(doc["i"]?.value == .float(text: "inf"))
        #expect(doc["j"]?.numberText == "0.1")
    }

    @Test func emptyAndCRLFAndBOM() throws {
        #expect(try toml("").keys.isEmpty)
        let doc = try toml("\u{FEFF}# c\r\na = 1\r\n\r\n[t]\r\nb = \"x\"\r\n")
        #expect(doc["a"]?.line == 2)
        #expect(doc["t"]?.table?["b"]?.line == 5)
    }

    @Test func duplicateKeys() {
        #expect(tomlError("a = 1\nb = 2\na = 3\n") == "scenario.toml:3: duplicate key 'a' (first defined at line 1)")
        #expect(tomlError("[key]\nhistorical = 0.5\n\n  historical = 0.6\n")
            == "scenario.toml:4: duplicate key 'key.historical' (first defined at line 2)")
        #expect(tomlError("x.y = 1\nx.y = 2\n") == "scenario.toml:2: duplicate key 'x.y' (first defined at line 1)")
        #expect(tomlError("t = { a = 1, a = 2 }") == "scenario.toml:1: duplicate key 'a' (first defined at line 1)")
    }

    @Test func tableRedefinition() {
        #expect(tomlError("[a]\nx = 1\n[b]\n[a]\n") == "scenario.toml:4: the table [a] is defined twice (first at line 1)")
        #expect(tomlError("a = 1\n[a]\n") == "scenario.toml:2: cannot define the table [a]: 'a' is already an integer value (line 1)")
        #expect(tomlError("a.b = 1\n[a]\n") == "scenario.toml:2: the table [a] was already defined with dotted keys (line 1)")
        #expect(tomlError("a = [1]\n[[a]]\n") == "scenario.toml:2: cannot use [[a]]: 'a' is already an array (line 1)")
        #expect(tomlError("a = {x = 1}\na.y = 2\n")
            == "scenario.toml:2: cannot add keys to the inline table 'a' (line 1) after it is closed")
        #expect(tomlError("[a.b]\nx = 1\n[a]\nb.y = 2\n")
            == "scenario.toml:4: cannot add to the table [a.b] (line 1) with a dotted key from outside it; write the key under its header")
        #expect(tomlError("a = 1\n[a.b]\n") == "scenario.toml:2: cannot use 'a' as a table: it is already an integer value (line 1)")
    }

    @Test func implicitTablesAndArraysOfTables() throws {
        let doc = try toml("[a.b]\nx = 1\n[a]\ny = 2\n[[l]]\nn = 1\n[l.sub]\nk = 1\n[[l]]\nn = 2\n[l.sub]\nk = 2\n")
        #expect(doc["a"]?.table?["y"]?.integer == 2)
        #expect(doc["a"]?.line == 3)
        let l = try #require(doc["l"]?.array)
        #expect(l.map { $0.table?["sub"]?.table?["k"]?.integer } == [1, 2])
    }

    @Test func syntaxErrors() {
        #expect(tomlError("name \"x\"\n") == "scenario.toml:1: expected '=' after the key 'name', found '\"'")
        #expect(tomlError("a = 1\nname\n") == "scenario.toml:2: expected '=' after the key 'name'")
        #expect(tomlError("a =\n") == "scenario.toml:1: missing value after '=' for the key 'a'")
        #expect(tomlError("a = 1\nb = \"Køge\nc = 2\n")
            == "scenario.toml:2: unterminated string: a \"...\" string must end on the same line (use \"\"\" for text over several lines)")
        #expect(tomlError("x = 1\ns = \"\"\"\nabc\n")
            == "scenario.toml:2: unterminated multi-line string: the \"\"\" opened here is never closed")
        #expect(tomlError("method = sainte-lague\n")
            == "scenario.toml:1: invalid value 'sainte-lague' for the key 'method': text must be in quotes, e.g. \"sainte-lague\"")
        #expect(tomlError("a = 1 2\n") == "scenario.toml:1: expected the end of the line after the value of 'a', found '2'")
        #expect(tomlError("a = [1, 2\nb = 3\n") == "scenario.toml:2: expected ',' or ']' in the array 'a', found 'b'")
        #expect(tomlError("a = [1,\n2,\n") == "scenario.toml:1: unterminated array: the '[' opened here is never closed")
        #expect(tomlError("[a\nx = 1\n") == "scenario.toml:1: expected ']' to close the header [a]")
        #expect(tomlError("s = \"bad \\q\"\n")
            == "scenario.toml:1: invalid escape '\\q' in a string; write a backslash as '\\\\' or use a 'literal string'")
        #expect(tomlError("n = 007\n") == "scenario.toml:1: invalid number '007' for the key 'n': leading zeros are not allowed")
        #expect(tomlError("n = 1__0\n") == "scenario.toml:1: invalid number '1__0' for the key 'n'")
        #expect(tomlError("n = 99999999999999999999\n") == "scenario.toml:1: the integer '99999999999999999999' for the key 'n' is too large")
        #expect(tomlError("d = 2023-01-01\n")
            == "scenario.toml:1: dates and times are not supported for the key 'd'; write the value in quotes")
        #expect(tomlError("= 1\n") == "scenario.toml:1: missing key before '='")
        #expect(tomlError("a b = 1\n") == "scenario.toml:1: expected '=' after the key 'a', found 'b'")
        #expect(tomlError("t = { a = 1 b = 2 }\n") == "scenario.toml:1: expected ',' or '}' in the inline table 't', found 'b'")
    }

    @Test func unknownKeysWithSuggestions() throws {
        let doc = try toml("[key]\nhistorical = 0.5\ndemograhpy = 0.5\nbogus = 1\n")
        let key = try #require(doc["key"]?.table)
        let unknown = key.unknownKeys(allowed: ["historical", "demography"])
        #expect(unknown.count == 2)
        #expect(unknown[0].key == "demograhpy")
        #expect(unknown[0].line == 3)
        #expect(unknown[0].suggestion == "demography")
        #expect(unknown[1].key == "bogus")
        #expect(unknown[1].suggestion == nil)
        #expect(key.dottedPath("historical") == "key.historical")
    }

    @Test func readFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s-\(UUID().uuidString).toml").path
        try AtomicFile.write(Data("a = \"Køge\"\n".utf8), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TOML.read(path: path)["a"]?.string == "Køge")
        #expect(errorText { _ = try TOML.read(path: "/nonexistent/s.toml") } == "/nonexistent/s.toml: no such file")
    }
}
