import Foundation
import Testing

let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
let folk1a = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()  // Tests/
    .appendingPathComponent("Fixtures/dst-folk1a-2020K1/DERIVED_folk1a_2020K1_long_by_age_sex.csv").path

/// Compares with `Golden/NAME`; `UPDATE_GOLDEN=1 swift test ...` rewrites the file (never in CI:
/// with CI=1 it is a failure).
func checkGolden(_ name: String, _ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = goldenDir.appendingPathComponent(name)
    if TestEnvironment.variables["UPDATE_GOLDEN"] == "1" {
        if TestEnvironment.isCI {
            Issue.record("UPDATE_GOLDEN=1 is set in CI (CI=1): golden files are only rewritten by hand", sourceLocation: sourceLocation)
            return
        }
        try data.write(to: url)
        return
    }
    let expected = try Data(contentsOf: url)
    #expect(data == expected, "output differs from Golden/\(name) (UPDATE_GOLDEN=1 to accept)", sourceLocation: sourceLocation)
}

@Suite(.serialized) struct PlanCLITests {
    @Test(arguments: [
        ("sosu-2023.txt", ["plan", "sosu-2023"]),
        ("sosu-2023.en.txt", ["plan", "sosu-2023", "--lang", "en"]),
        ("sosu-2023.long.txt", ["plan", "sosu-2023", "--layout", "long"]),
        ("sosu-2023-sjaelland.da.csv", ["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "csv-da"]),
        ("sosu-2023-sjaelland.md", ["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "markdown"]),
        ("sosu-2023.json", ["plan", "sosu-2023", "--format", "json"]),
        ("sosu-2023.csv", ["plan", "sosu-2023", "--format", "csv"]),
        ("sosu-2023.da.csv", ["plan", "sosu-2023", "--format", "csv-da"]),
        ("paedagog-hovedstaden-2022-23.md", ["plan", "paedagog-hovedstaden-2022-23", "--format", "markdown"]),
        ("paedagog-hovedstaden-2022-23.json", ["plan", "paedagog-hovedstaden-2022-23", "--format", "json"]),
        ("paedagog-sjaelland-300.txt", ["plan", "paedagog-sjaelland-300"]),
        ("paedagog-sjaelland-300-key-52-48.txt", ["plan", "paedagog-sjaelland-300-key-52-48"]),
        ("sygeplejerske-sjaelland-phase-in.txt", ["plan", "sygeplejerske-sjaelland-phase-in"]),
        ("sygeplejerske-sjaelland-phase-in.json", ["plan", "sygeplejerske-sjaelland-phase-in", "--format", "json"]),
    ])
    func golden(_ name: String, _ args: [String]) throws {
        let r = try runDimensionering(args)
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden(name, r.stdout)
        // Same inputs, byte-identical output.
        #expect(try runDimensionering(args).stdout == r.stdout)
        // Anchors, asserted independently of the golden file.
        let t = r.text
        switch name {
        case "sosu-2023.txt", "sosu-2023.long.txt", "sosu-2023.en.txt":
            #expect(t.contains("Udlændingestyrelsen, Landstal for 2023, bilag A"))
            let note = name == "sosu-2023.en.txt" ? "+3 to Hovedstaden, Syddanmark, Midtjylland" : "+3 til Hovedstaden, Syddanmark, Midtjylland"
            #expect(t.components(separatedBy: note).count == 2)  // the note, once
        case "sosu-2023.da.csv":
            #expect(t.hasPrefix("\u{FEFF}Kommunekode;Kommune;KKR;Social- og sundhedshjælper;Social- og sundhedsassistent;I alt\r\n"))
            #expect(t.contains("\r\n259;Køge;Sjælland;35;70;105\r\n"))
            #expect(t.contains("\r\n;Hele landet i alt;;3000;6000;9000\r\n"))
            // One table: every line has the header's fields (the KKR key's table is in --layout long and xlsx).
            let lines = t.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.allSatisfy { $0.split(separator: ";", omittingEmptySubsequences: false).count == 6 })
        case "sosu-2023.csv":
            #expect(t.hasPrefix("row_type,code,name,kkr,hjaelper,assistent,total\r\n"))
            #expect(t.contains("municipality,259,Køge,Sjælland,35,70,105"))
            #expect(t.contains("\r\ntotal,,Denmark total,,3000,6000,9000\r\n"))
        case "sosu-2023-sjaelland.md":
            #expect(t.contains("| 259 | Køge | Sjælland | 35 | 70 | 105 |"))
            #expect(t.contains("|  | **KKR Sjælland i alt** | **Sjælland** | **474** | **955** | **1.429** |"))
            #expect(!t.contains("Hele landet i alt"))
        case "sygeplejerske-sjaelland-phase-in.txt":
            #expect(t.contains("2027/28   Sygeplejerske, ekstra optag                          +66          +165      165"))
            #expect(!t.contains("Hele landet i alt"))  // one KKR: its subtotal is the total
        case "paedagog-hovedstaden-2022-23.md":
            #expect(t.contains("| KP København | 78,68 | 1.480 | 1.480 |") || t.contains("| KP København | 78,68 | 1.480,00 | 1.480 |"))
            #expect(t.contains("**KKR Hovedstaden i alt**"))
        default: break
        }
    }

    /// The done-when of issue 9 for the bilag: Sjælland's 17 municipalities one row each, and
    /// 474 + 955 = 1.429 in the total row, the same numbers as the JSON.
    @Test func sjaellandBilagCSVAgreesWithJSON() throws {
        let r = try runDimensionering(["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "csv-da"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: r.stdout.dropFirst(3), as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
        #expect(lines[0] == ["Kommunekode", "Kommune", "KKR", "Social- og sundhedshjælper", "Social- og sundhedsassistent", "I alt"])
        let munis = lines.dropFirst().filter { !$0[0].isEmpty }
        #expect(munis.count == 17)
        #expect(Set(munis.map { $0[2] }) == ["Sjælland"])
        #expect(munis.allSatisfy { Int($0[3])! + Int($0[4])! == Int($0[5])! })
        let total = try #require(lines.last)
        #expect(total == ["", "KKR Sjælland i alt", "Sjælland", "474", "955", "1429"])
        #expect(munis.reduce(0) { $0 + Int($1[5])! } == 1429)
        // The same numbers as the JSON bilag.
        let j = try runDimensionering(["plan", "sosu-2023", "--kkr", "Sjælland", "--format", "json"])
        let obj = try #require(JSONSerialization.jsonObject(with: j.stdout) as? [String: Any])
        let bilag = try #require((obj["bilag"] as? [[String: Any]])?.first)
        let rows = try #require(bilag["rows"] as? [[String: Any]])
        for (line, row) in zip(lines.dropFirst(), rows) {
            let places = try #require(row["places"] as? [String: Int])
            #expect(String(places["hjaelper"]!) == line[3] && String(places["assistent"]!) == line[4])
            #expect(String(row["total"] as! Int) == line[5])
        }
        #expect(rows.count == lines.count - 1)
    }

    /// The national bilag: 98 municipalities, 5 KKR subtotals, 3.000 / 6.000 / 9.000 in "Hele landet i alt".
    @Test func nationalBilag() throws {
        let r = try runDimensionering(["plan", "sosu-2023"])
        let lines = r.text.components(separatedBy: "\n")
        let munis = lines.filter { $0.range(of: "^ +[0-9]{3}  ", options: .regularExpression) != nil }
        #expect(munis.count == 98)
        #expect(lines.filter { $0.range(of: "KKR [A-Za-zæøå]+ i alt", options: .regularExpression) != nil }.count == 5)
        let total = try #require(lines.first { $0.contains("Hele landet i alt") })
        #expect(total.split(separator: " ").suffix(3) == ["3.000", "6.000", "9.000"])
        let koege = try #require(munis.first { $0.contains("Køge") })
        #expect(koege.split(separator: " ").suffix(4) == ["Sjælland", "35", "70", "105"])
        #expect(!r.text.contains("0,28300000"))  // no 12-decimal keys
    }

    @Test func klKeyGolden() throws {
        let folk1a = try requiredSharedFile(folk1a)
        let r = try runDimensionering(["plan", "sosu-2023-kl-key", "--age-data", folk1a])
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden("sosu-2023-kl-key.txt", r.stdout)
        let j = try runDimensionering(["plan", "sosu-2023-kl-key", "--age-data", folk1a, "--format", "json"])
        try checkGolden("sosu-2023-kl-key.json", j.stdout)
    }

    @Test func noArgumentsRunsSosu2023() throws {
        let a = try runDimensionering([])
        let b = try runDimensionering(["plan", "sosu-2023"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.text.contains("Kommunerne fordeles efter befolkningsandel (indbyggere 1. januar 2022)"))
        #expect(a.text.contains("KL 2023, assistent: offentliggjort 5.997; fordelt 6.000; +3 til Hovedstaden, Syddanmark, Midtjylland"))
        let en = try runDimensionering(["plan", "--lang", "en"])
        #expect(en.text.contains("published 5,997; apportioned 6,000; +3 to Hovedstaden, Syddanmark, Midtjylland"))
        #expect(en.text.contains("Municipalities by population share (residents 1. januar 2022)"))
        #expect(en.text.contains("Denmark total"))
        // The old flag still works and means the same.
        #expect(try runDimensionering(["plan", "--english"]).stdout == en.stdout)
    }

    @Test func jsonAllocationKeyedByCode() throws {
        let r = try runDimensionering(["plan", "--format", "json"])
        let obj = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(obj["scenario"] as? String == "sosu-2023")
        let edus = obj["educations"] as! [[String: Any]]
        var grand = 0
        for e in edus {
            let levels = e["levels"] as! [[String: Any]]
            let total = e["total"] as! Int
            grand += total
            for l in levels {
                let alloc = l["allocation"] as! [String: Int]
                #expect(alloc.values.reduce(0, +) == total)
                #expect(l["total"] as? Int == total)
            }
            let muni = levels[1]["allocation"] as! [String: Int]
            #expect(muni.count == 98)
            #expect(muni["101"] != nil)
        }
        #expect(grand == 9000)
        let kkr = (edus[1]["levels"] as! [[String: Any]])[0]["allocation"] as! [String: Int]
        #expect(kkr == ["Hovedstaden": 1777, "Sjælland": 955, "Syddanmark": 1329, "Midtjylland": 1304, "Nordjylland": 635])
    }

    @Test func outputFileIsWrittenWhole() throws {
        let dir = NSTemporaryDirectory() + "plan-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/out.csv"
        let r = try runDimensionering(["plan", "sosu-2023", "--format", "csv-da", "--output", path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written == (try runDimensionering(["plan", "sosu-2023", "--format", "csv-da"])).stdout)
        #expect(written.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: written, as: UTF8.self).contains("\r\n101;København;Hovedstaden;293;613;906\r\n"))
        let long = try runDimensionering(["plan", "sosu-2023", "--format", "csv-da", "--layout", "long"])
        #expect(long.text.contains("Social- og sundhedshjælper;KKR;Hele landet;Hovedstaden;Hovedstaden;28,3000;849,000;849;;;849\r\n"))
        let bad = try runDimensionering(["plan", "sosu-2023", "--output", dir + "/no/such/dir/out.txt"])
        #expect(bad.status == 73)
    }

    @Test func errorsAndExitCodes() throws {
        let missing = try runDimensionering(["plan", "no-such-scenario"])
        #expect(missing.status == 66)
        // Without --age-data the shipped FOLK1A 2020K1 table is used, and named.
        let age = try runDimensionering(["plan", "sosu-2023-kl-key"])
        #expect(age.status == 0, "\(age.stderr)")
        #expect(age.text.contains("FOLK1A"))
        let dir = NSTemporaryDirectory() + "plan-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/bad.toml"
        try Data("extends = \"sosu-2023\"\n\n[education.assistent.level.kkr]\nweights = { published_assistent_2023 = 0.5, population = 0.4 }\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        let bad = try runDimensionering(["plan", file])
        #expect(bad.status == 65)
        #expect(bad.stderr == "dimensionering: \(file):4: field 'education.assistent.level.kkr.weights': weights sum to 0.900000, not 1\n")
        try Data("extends = \"sosu-2023\"\n[education.hjaelper]\ntotl = 5\n".utf8).write(to: URL(fileURLWithPath: file))
        let typo = try runDimensionering(["plan", file])
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("bad.toml:3: field 'education.hjaelper.totl': unknown key 'totl' in education 'hjaelper'; did you mean 'total'?"))
    }
}
