import Foundation
import Testing

/// `dimensionering apportion`, run as a user runs it: the built binary, files on disk.
@Suite(.serialized)
struct ApportionCLITests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("apportion-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func json(_ r: RunResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    @Test("JSON contract: string ids, allocation, ties, divisor")
    func jsonContract() throws {
        // Sainte-Laguë, 10 seats, 53/31/16: quotients 5.3, 3.1, 1.6 at D = 1000 → 5, 3, 2.
        let w = try file("w.csv", "id,weight\n101,5300\n147,3100\n0151,1600\n")
        let r = try runDimensionering(["apportion", "--method", "webster", "--seats", "10", "--input", w, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r)
        #expect(o["method"] as? String == "sainte-lague")
        #expect(o["seats"] as? Int == 10)
        let alloc = try #require(o["allocation"] as? [String: Int])
        #expect(alloc == ["101": 5, "147": 3, "0151": 2])
        #expect((o["ties"] as? [Any])?.isEmpty == true)
        let range = try #require(o["divisor_range"] as? [Double])
        #expect(range[0] <= 1000 && 1000 <= range[1])
        #expect(r.text.contains("\"101\": 5"))
    }

    @Test("ties: reported under order, exit 3 under fail, a seeded lot is repeatable")
    func ties() throws {
        let w = try file("t.csv", "id,weight\na,5\nb,5\nc,5\n")
        let order = try runDimensionering(["apportion", "--seats", "4", "--input", w, "--format", "json"])
        #expect(order.status == 0)
        let o = try json(order)
        #expect(o["allocation"] as? [String: Int] == ["a": 2, "b": 1, "c": 1])
        let tie = try #require((o["ties"] as? [[String: Any]])?.first)
        #expect(tie["units"] as? [String] == ["a", "b", "c"])
        #expect(tie["seats"] as? Int == 1)
        #expect(tie["winners"] as? [String] == ["a"])

        let fail = try runDimensionering(["apportion", "--seats", "4", "--input", w, "--ties", "fail"])
        #expect(fail.status == 3)
        #expect(fail.stderr.contains("a, b, c tie for 1 seat"))
        #expect(fail.stdout.isEmpty)

        let lot1 = try runDimensionering(["apportion", "--seats", "4", "--input", w, "--ties", "lot:42", "--format", "json"])
        let lot2 = try runDimensionering(["apportion", "--seats", "4", "--input", w, "--ties", "lot:42", "--format", "json"])
        #expect(lot1.status == 0 && lot1.stdout == lot2.stdout)
        #expect(lot1.stderr.contains("lot seed 42"))
    }

    @Test("exit codes: infeasible 2, bad usage 64, bad data 65, missing input 66")
    func exitCodes() throws {
        let capped = try file("c.csv", "id,weight,min,max\na,1,0,2\nb,1,0,3\n")
        let inf = try runDimensionering(["apportion", "--seats", "9", "--input", capped])
        #expect(inf.status == 2)
        #expect(inf.stderr.contains("the caps allow at most 5 places but 9 are to be allocated: 4 short"))
        #expect(inf.stderr.contains("a (max 2), b (max 3)"))

        let floors = try file("f.csv", "id,weight,min\na,1,5\nb,1,6\n")
        let over = try runDimensionering(["apportion", "--seats", "9", "--input", floors])
        #expect(over.status == 2 && over.stderr.contains("2 too many"))

        #expect(try runDimensionering(["apportion", "--method", "borda", "--seats", "9", "--input", capped]).status == 64)
        #expect(try runDimensionering(["apportion", "--seats", "9", "--input", capped, "--ties", "coin"]).status == 64)

        let bad = try file("b.csv", "id,weight\na,1\nb,-2\n")
        let badRun = try runDimensionering(["apportion", "--seats", "9", "--input", bad])
        #expect(badRun.status == 65)
        #expect(badRun.stderr.contains("b.csv:3"))
        #expect(badRun.stderr.contains("weight"))

        let missing = try runDimensionering(["apportion", "--seats", "9", "--input", dir.appendingPathComponent("nope.csv").path])
        #expect(missing.status == 66)
    }

    @Test("biproportional JSON: both margins met, divisors returned")
    func biproportional() throws {
        let cells = try file("cells.csv", "row,column,weight\nr1,x,530\nr1,y,470\nr2,x,250\nr2,y,750\n")
        let rows = try file("rows.csv", "id,seats\nr1,7\nr2,5\n")
        let cols = try file("cols.csv", "id,seats\nx,4\ny,8\n")
        let r = try runDimensionering(["apportion", "--biproportional", "--input", cells, "--row-totals", rows,
                                       "--column-totals", cols, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r)
        // Hand-solved: ρ = (160, 250), γ = (1, 0.75): 530/160 = 3.31 → 3, 470/120 = 3.92 → 4, 250/250 = 1 → 1, 750/187.5 = 4 → 4.
        #expect(o["allocation"] as? [String: [String: Int]] == ["r1": ["x": 3, "y": 4], "r2": ["x": 1, "y": 4]])
        #expect((o["row_divisors"] as? [String: Double])?.count == 2)
        #expect((o["column_divisors"] as? [String: Double])?.count == 2)
    }

    @Test("--export-model writes a model, data, expected allocation and instructions")
    func exportModel() throws {
        let w = try file("e.csv", "id,weight\n101,644431\n147,103608\n151,49274\n")
        let out = dir.appendingPathComponent("model")
        let r = try runDimensionering(["apportion", "--method", "dhondt", "--seats", "100", "--input", w, "--export-model", out.path])
        #expect(r.status == 0)
        for name in ["apportion.mod", "apportion.dat", "expected.csv", "README.txt"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let expected = try String(contentsOf: out.appendingPathComponent("expected.csv"), encoding: .utf8)
        #expect(expected == "101,81\n147,13\n151,6\n")
    }

    @Test("the default runs: apportion without input is the embedded example")
    func embeddedExample() throws {
        let r = try runDimensionering(["apportion", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.text.hasPrefix("id,weight,min,max,quota,seats,bound\r\nHovedstaden,2625,"))
    }
}
