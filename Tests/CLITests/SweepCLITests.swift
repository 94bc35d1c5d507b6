import Foundation
import Testing

@Suite(.serialized) struct SweepCLITests {
    static let base = ["sweep", "sosu-2023-kl-key", "--samples", "6", "--seed", "1", "--perturb", "population=2%"]

    @Test func sameSeedByteIdenticalWithOneOrTwoThreads() throws {
        let one = try runDimensionering(Self.base + ["--format", "json", "--threads", "1"])
        let two = try runDimensionering(Self.base + ["--format", "json", "--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        // Not a terminal: no progress bar.
        #expect(one.stderr.isEmpty && two.stderr.isEmpty)
        let obj = try #require(try JSONSerialization.jsonObject(with: one.stdout) as? [String: Any])
        #expect(obj["scenarios"] as? Int == 6)
        let units = try #require(obj["units"] as? [[String: Any]])
        let koege = try #require(units.first { $0["code"] as? String == "259" && $0["education"] as? String == "hjaelper" })
        let (lo, hi, base) = (koege["min"] as! Int, koege["max"] as! Int, koege["baseline"] as! Int)
        #expect(lo <= hi && hi - lo <= 3 && abs(base - lo) <= 3)
        let counts = try #require(koege["counts"] as? [[String: Int]])
        #expect(counts.reduce(0) { $0 + $1["count"]! } == 6)
    }

    @Test func varyGridPrintsReproducingPlanLines() throws {
        let r = try runDimensionering(["sweep", "sosu-2023", "--vary", "education.hjaelper.total=2950:3050:50", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        #expect(obj["scenarios"] as? Int == 3)
        let ext = try #require(obj["extreme_scenarios"] as? [[String: Any]])
        let first = try #require(ext.first)
        #expect(first["reproduce"] as? String == "dimensionering plan sosu-2023 --set education.hjaelper.total=2950")
        // The printed line gives the minimum it names.
        let plan = try runDimensionering(["plan", "sosu-2023", "--set", "education.hjaelper.total=2950", "--format", "json"])
        #expect(plan.status == 0)
        let t = try runDimensionering(["sweep", "sosu-2023", "--vary", "education.hjaelper.total=2950:3050:50"])
        #expect(t.text.hasPrefix("Følsomhed: "))
        #expect(t.text.contains("dimensionering plan sosu-2023 --set education.hjaelper.total=3050"))
    }

    @Test(arguments: [
        (["--vary", "education.hjaelper.total=3000"], "--vary 'education.hjaelper.total=3000'"),
        (["--vary", "education.hjaelper.total=3100:3000:10"], "is below FROM"),
        (["--vary", "education.hjaelper.totl=1:2:1"], "--vary"),
        (["--samples", "5", "--perturb", "population=2"], "needs a % sign"),
        (["--samples", "5", "--perturb", "weather=2%"], "unknown target"),
        (["--samples", "5"], "needs something to perturb"),
        ([String](), "nothing to sweep"),
        (["--samples", "5", "--perturb", "population=2%", "--threads", "0"], "--threads"),
        (["--samples", "5", "--perturb", "population=2%", "--format", "markdown"], "not available"),
    ])
    func badInputExits64(_ extra: [String], _ message: String) throws {
        let r = try runDimensionering(["sweep", "sosu-2023"] + extra)
        #expect(r.status == 64, "\(extra): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func formats() throws {
        let html = try runDimensionering(Self.base + ["--format", "html"])
        #expect(html.status == 0 && html.text.hasPrefix("<!DOCTYPE html>") && html.text.contains("<svg"))
        // The extremes: one table row per extreme scenario of the JSON, each with its reproducing command.
        let json = try runDimensionering(Self.base + ["--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let ext = try #require(obj["extreme_scenarios"] as? [[String: Any]])
        #expect(!ext.isEmpty && ext.count <= 6)
        #expect(html.text.contains("<th>Lavest for</th><th>Højest for</th><th>Genskab med</th>"))
        for e in ext {
            let command = try #require(e["reproduce"] as? String)
            #expect(html.text.contains("<td><code>\(command)</code></td></tr>"), "\(command)")
        }
        #expect(html.text.contains("\(ext.count) scenarier giver en kvote dens laveste eller højeste værdi"))
        let da = try runDimensionering(Self.base + ["--format", "csv-da"])
        #expect(da.stdout.starts(with: [0xEF, 0xBB, 0xBF]) && da.text.contains("Grundplan;Min;Median;Maks"))
        let csv = try runDimensionering(Self.base + ["--format", "csv"])
        #expect(csv.text.hasPrefix("year,education,education_name,level,parent,code,name,kkr,baseline,min,median,max"))
        #expect(csv.text.components(separatedBy: "\r\n").count - 2 == 2 * (5 + 98))
    }
}
