import Foundation
import Testing

/// The package directory: goldens run there with relative paths, so file names in the output
/// do not depend on the machine.
let followUpPackageDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let followUpData = "Sources/DimensioneringKit/Resources/Scenarios/data"

@Suite(.serialized) struct FollowUpCLITests {
    func run(_ args: [String]) throws -> RunResult { try runDimensionering(args, in: followUpPackageDir) }

    /// 2021: 5.753 + 3.496 = 9.249 realised against 9.000 (published).
    @Test func national2021() throws {
        let r = try run(["follow-up", "sosu-2021", "--realised", "\(followUpData)/realised/sosu-2021-national.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden("followup/sosu-2021.txt", r.stdout)
        #expect(r.text.contains("Hele landet: realiseret 5.753 af 6.000 dimensionerede pladser (95,9 %); mangler 247."))
        #expect(r.text.contains("Hele landet: realiseret 3.496 af 3.000 dimensionerede pladser (116,5 %); 496 flere end dimensioneret."))
        #expect(r.text.contains("realiseret 9.249 af 9.000"))
    }

    /// October 2022: Hovedstaden lacked over 340 of its 1.793 assistent places (published); the
    /// realised figure is the bound 1.793 − 341.
    @Test func hovedstaden2022() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("followup-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let f = dir.appendingPathComponent("hovedstaden.csv")
        try "code,education,year,realised\nRegion Hovedstaden,assistent,2022,1452\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try run(["follow-up", "sosu-2022", "--realised", f.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        let line = ((json["sections"] as! [[String: Any]])[0]["lines"] as! [[String: Any]])[0]
        #expect(line["dimensioned"] as? Int == 1793)
        #expect((line["shortfall"] as? Int ?? 0) >= 340)
    }

    @Test(arguments: [
        ("followup/sosu-2023-kkr.json", ["--format", "json"]),
        ("followup/sosu-2023-kkr.csv", ["--format", "csv"]),
        ("followup/sosu-2023-kkr.da.csv", ["--format", "csv-da"]),
        ("followup/sosu-2023-kkr.md", ["--format", "markdown"]),
        ("followup/sosu-2023-kkr.en.txt", ["--lang", "en"]),
    ])
    func kkrFormats(_ golden: String, _ extra: [String]) throws {
        let r = try run(["follow-up", "sosu-2023", "--realised", "\(followUpData)/realised/illustrative-sosu-2023-kkr.csv"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden(golden, r.stdout)
        #expect(r.text.contains("llustrati"), "illustrative realised figures are marked")
    }

    @Test func sjaellandMunicipalities() throws {
        let r = try run(["follow-up", "sosu-2023", "--realised", "\(followUpData)/realised/illustrative-sosu-2023-sjaelland.csv", "--kkr", "Sjælland"])
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden("followup/sosu-2023-sjaelland.txt", r.stdout)
        #expect(r.text.contains("KKR Sjælland: realiseret 447 af 474"))
        #expect(r.text.contains("Illustrativt tal (ikke offentliggjort)"))
        #expect(!r.text.contains("Hele landet"))
        let html = try run(["follow-up", "sosu-2023", "--realised", "\(followUpData)/realised/illustrative-sosu-2023-sjaelland.csv", "--format", "html"])
        #expect(html.status == 0 && html.text.hasPrefix("<!DOCTYPE html>") && html.text.contains("Illustrativt tal (ikke offentliggjort)"))
    }

    @Test func badInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("followup-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bad = dir.appendingPathComponent("bad.csv")
        try "code,education,year,realised\n259,assistent,2023,51\n998,assistent,2023,3\n".write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.txt")
        let r = try run(["follow-up", "sosu-2023", "--realised", bad.path, "--output", out.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.csv:3: field 'code': unknown municipality, KKR or 'Hele landet': '998'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "no half-written output")
        let edu = dir.appendingPathComponent("edu.csv")
        try "code,education,year,realised\n259,pau,2023,5\n".write(to: edu, atomically: true, encoding: .utf8)
        let e = try run(["follow-up", "sosu-2023", "--realised", edu.path])
        #expect(e.status == 65 && e.stderr.contains("edu.csv:2: field 'education': education 'pau' is not in scenario 'sosu-2023'"), "\(e.stderr)")
        let xlsx = dir.appendingPathComponent("realised.xlsx")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]).write(to: xlsx)
        let x = try run(["follow-up", "sosu-2023", "--realised", xlsx.path])
        #expect(x.status == 65 && x.stderr.contains("not an Excel workbook"), "\(x.stderr)")
        #expect(try run(["follow-up", "sosu-2023", "--realised", dir.appendingPathComponent("none.csv").path]).status == 66)
        #expect(try run(["follow-up", "sosu-2023", "--realised", bad.path, "--kkr", "Sjaelandd"]).status == 64)
    }

    // MARK: The scenarios of the cycle

    @Test func regionalShare() throws {
        let plan = try run(["plan", "sosu-2018-regioner", "--layout", "long"])
        #expect(plan.status == 0, "\(plan.stderr)")
        try checkGolden("followup/plan-sosu-2018-regioner.txt", plan.stdout)
        #expect(plan.text.contains("Regionerne tager 1.363 af de 4.811 pladser; kommunerne deler 3.448"))
        #expect(plan.text.contains("offentliggjort 3.455; fordelt 3.448"))
        let explain = try run(["explain", "sosu-2018-regioner", "--kommune", "Køge"])
        #expect(explain.status == 0)
        try checkGolden("followup/explain-sosu-2018-regioner-259.txt", explain.stdout)
        #expect(explain.text.contains("Regionerne tager 1.363 af landets 4.811 pladser; af de 3.448, kommunerne deler, får Sjælland 530."))
        let check = try run(["check", "sosu-2018-regioner", "--against", "\(followUpData)/published/sosu-kkr-2018.csv"])
        #expect(check.status == 1)
        try checkGolden("followup/check-sosu-2018.txt", check.stdout)
        #expect(check.text.contains("Offentliggjort sum 3.455; scenariet fordeler 3.448"))
        #expect(check.text.contains("Cirkulær sammenligning"))
    }

    @Test func overbooking() throws {
        let r = try run(["plan", "paedagog-sjaelland-2019-overbooking", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden("followup/plan-paedagog-sjaelland-2019-overbooking.json", r.stdout)
        let json = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        let edus = json["educations"] as! [[String: Any]]
        #expect(edus.map { $0["total"] as? Int } == [747, 785])
        let t = try run(["plan", "paedagog-sjaelland-2019-overbooking", "--layout", "long"])
        #expect(t.text.contains("Pædagog: 747 pladser (KKR Sjælland)\n"))
        #expect(t.text.contains("Pædagog: 785 pladser (KKR Sjælland) — optag: 747 pladser + 5 % overbooking"))
    }

    @Test func pau2018() throws {
        let r = try run(["check", "pau-2018", "--against", "\(followUpData)/published/pau-kkr-2018.csv"])
        #expect(r.status == 1)
        try checkGolden("followup/check-pau-2018.txt", r.stdout)
        #expect(r.text.contains("Offentliggjort sum 810; scenariet fordeler 810"))
        #expect(!r.text.contains("Cirkulær"), "the population key is not the table")
    }

    @Test func praktikCapacity() throws {
        let r = try run(["plan", "paedagog-sjaelland-praktik-kapacitet", "--layout", "long"])
        #expect(r.status == 0, "\(r.stderr)")
        try checkGolden("followup/plan-paedagog-sjaelland-praktik-kapacitet.txt", r.stdout)
        #expect(r.text.contains("Praktikpladserne er illustrative tal (ikke offentliggjort)"))
        let bad = try run(["plan", "paedagog-sjaelland-praktik-kapacitet", "--set", "education.praktik.total=900"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("the caps allow at most 837 places but 900 are to be allocated: 63 short"), "\(bad.stderr)")
    }

    /// An .xlsx workbook (written by openpyxl, numbers as numbers) gives the same follow-up as the CSV.
    @Test func workbookInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("followup-xlsx-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let xlsx = dir.appendingPathComponent("realised.xlsx").path, csv = dir.appendingPathComponent("realised.csv").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["code", "education", "year", "realised"]); ws.append(["Hele landet", "assistent", 2021, 5753]); ws.append(["Hele landet", "hjaelper", 2021, 3496])
            wb.save(sys.argv[1])
            """, xlsx]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "python3 with openpyxl is needed (scripts/install-deps.sh)")
        try "code,education,year,realised\nHele landet,assistent,2021,5753\nHele landet,hjaelper,2021,3496\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let a = try run(["follow-up", "sosu-2021", "--realised", xlsx, "--format", "csv"])
        let b = try run(["follow-up", "sosu-2021", "--realised", csv, "--format", "csv"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout && a.text.contains(",5753,247,"))
    }
}
