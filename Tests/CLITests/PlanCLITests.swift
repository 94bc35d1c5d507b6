import Foundation
import Testing

let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
let folk1a = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data/dst-folk1a-2020K1/DERIVED_folk1a_2020K1_long_by_age_sex.csv").path

/// Compares with `Golden/NAME`; `UPDATE_GOLDEN=1 swift test ...` rewrites the file.
func checkGolden(_ name: String, _ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = goldenDir.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try data.write(to: url)
        return
    }
    let expected = try Data(contentsOf: url)
    #expect(data == expected, "output differs from Golden/\(name) (UPDATE_GOLDEN=1 to accept)", sourceLocation: sourceLocation)
}

@Suite(.enabled(if: dimensioneringBinary() != nil), .serialized) struct PlanCLITests {
    @Test(arguments: [
        ("sosu-2023.txt", ["plan", "sosu-2023"]),
        ("sosu-2023.en.txt", ["plan", "sosu-2023", "--english"]),
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
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: folk1a)))
    func klKeyGolden() throws {
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
        #expect(a.text.contains("ingen aldersdata givet: kommunerne fordeles efter befolkningsandel"))
        #expect(a.text.contains("KL 2023, assistent: offentliggjort 5.997; fordelt 6.000; +3 til Hovedstaden, Syddanmark, Midtjylland"))
        let en = try runDimensionering(["plan", "--english"])
        #expect(en.text.contains("published: 5,997; apportioned: 6,000; +3 to Hovedstaden, Syddanmark, Midtjylland"))
        #expect(en.text.contains("no age data given: municipalities by population share"))
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
        #expect(String(decoding: written, as: UTF8.self).contains(";hjaelper;kkr;DK;Hovedstaden;Hovedstaden;0,283"))
        let bad = try runDimensionering(["plan", "sosu-2023", "--output", dir + "/no/such/dir/out.txt"])
        #expect(bad.status == 73)
    }

    @Test func errorsAndExitCodes() throws {
        let missing = try runDimensionering(["plan", "no-such-scenario"])
        #expect(missing.status == 66)
        let age = try runDimensionering(["plan", "sosu-2023-kl-key"])
        #expect(age.status == 64)
        #expect(age.stderr.contains("this scenario needs --age-data"))
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
