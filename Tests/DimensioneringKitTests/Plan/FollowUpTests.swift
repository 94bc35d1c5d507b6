import BigInt
import Foundation
import Testing
@testable import DimensioneringKit

let realisedDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/DimensioneringKit/Resources/Scenarios/data/realised").path

/// The realised column of a shipped file, read here with a plain split (not RealisedTable).
func realisedSums(_ file: String, education: String) throws -> [String: Int] {
    let text = try String(contentsOfFile: realisedDir + "/" + file, encoding: .utf8)
    var out: [String: Int] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",").map(String.init)
        if f[1] == education { out[f[0]] = Int(f[3])! }
    }
    return out
}

func followUp(_ scenario: String, _ csv: String, set: [String] = []) throws -> FollowUp {
    let plan = try Planner.run(try ScenarioOverrides.load(scenario, set: set))
    let t = try CSVTable.parse(Data(csv.utf8), file: "realised.csv")
    return try FollowUp.build(plan: plan, realised: try RealisedTable.parse(t))
}

func followUpFile(_ scenario: String, _ file: String) throws -> FollowUp {
    let plan = try Planner.run(try ScenarioLibrary.load(scenario))
    return try FollowUp.build(plan: plan, realised: try RealisedTable.read(path: realisedDir + "/" + file))
}

@Suite struct FollowUpTests {
    /// Published: "Minimumsdimensioneringen på 9.000 elever blev opnået i 2021, dog med en fordeling
    /// på 5.753 assistentelever og 3.496 hjælperelever".
    @Test func nationally2021() throws {
        let f = try followUpFile("sosu-2021", "sosu-2021-national.csv")
        let a = try #require(f.sections.first { $0.education == "assistent" }?.lines(.nation).first)
        let h = try #require(f.sections.first { $0.education == "hjaelper" }?.lines(.nation).first)
        #expect(a.realised == 5753 && a.dimensioned == 6000 && a.shortfall == 247)
        #expect(h.realised == 3496 && h.dimensioned == 3000 && h.shortfall == -496)
        let c = try #require(f.combined().first)
        #expect(c.realised == 9249 && c.dimensioned == 9000 && c.realised - c.dimensioned == 249)
        let text = f.rendered(.table, lang: .da)
        #expect(text.contains("realiseret 9.249 af 9.000"))
        #expect(text.contains("Aftalt minimum 9.000") && text.contains("nået med 9.249"))
        #expect(!text.contains("Illustrativt tal (ikke offentliggjort) —"), "published realised figures are not marked illustrative")
    }

    /// Published: October 2022, Hovedstaden's municipalities lacked "over 340" assistent pupils
    /// against their 2022 dimensionering of 1.793: realised at most 1.793 − 341.
    @Test func hovedstaden2022() throws {
        let f = try followUp("sosu-2022", "code,education,year,realised\nHovedstaden,assistent,2022,\(1793 - 341)\n")
        let l = try #require(f.sections.first?.lines(.kkr).first)
        #expect(l.name == "KKR Hovedstaden" && l.dimensioned == 1793)
        #expect(l.shortfall >= 340)
        #expect(f.sections.first?.lines(.nation).isEmpty == true, "one KKR does not make a national line")
    }

    @Test func municipalitiesSumToTheirKKR() throws {
        let f = try followUpFile("sosu-2023", "illustrative-sosu-2023-sjaelland.csv")
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        for edu in ["hjaelper", "assistent"] {
            let s = try #require(f.sections.first { $0.education == edu })
            let ms = s.lines(.municipality)
            #expect(ms.count == 17)
            let k = try #require(s.lines(.kkr).first)
            #expect(k.code == "Sjælland" && k.summed && k.illustrative)
            #expect(k.realised == ms.reduce(0) { $0 + $1.realised })
            let fileSum = try realisedSums("illustrative-sosu-2023-sjaelland.csv", education: edu).values.reduce(0, +)
            #expect(k.realised == fileSum)
            #expect(k.dimensioned == ms.reduce(0) { $0 + $1.dimensioned })
            let planned = plan.years[0].educations.first { $0.id == edu }!.levels[0].groups[0].rows.first { $0.code == "Sjælland" }!.seats
            #expect(k.dimensioned == planned)
            #expect(ms.allSatisfy { $0.illustrative })
            for (a, b) in zip(ms, ms.dropFirst()) { #expect(a.shortfall >= b.shortfall, "worst shortfalls first") }
            #expect(s.lines(.nation).isEmpty, "four KKR are missing: no national line")
        }
        let text = f.rendered(.table, lang: .da)
        #expect(text.contains("Illustrativt tal (ikke offentliggjort)"))
        #expect(f.rendered(.csv, lang: .da).contains(",yes\r\n"))
    }

    @Test func kkrSumToTheCountry() throws {
        let f = try followUpFile("sosu-2023", "illustrative-sosu-2023-kkr.csv")
        for s in f.sections {
            let ks = s.lines(.kkr)
            let n = try #require(s.lines(.nation).first)
            #expect(ks.count == 5 && n.summed)
            #expect(n.realised == ks.reduce(0) { $0 + $1.realised })
            #expect(n.dimensioned == ks.reduce(0) { $0 + $1.dimensioned })
            #expect(n.dimensioned == (s.education == "assistent" ? 6000 : 3000))
            let fileSum = try realisedSums("illustrative-sosu-2023-kkr.csv", education: s.education).values.reduce(0, +)
            #expect(n.realised == fileSum)
        }
        // Selection: only Sjælland, no national line.
        let selection = try PlanSelection.resolve(kkr: ["Sjælland"], kommune: [])
        let sel = f.selecting(selection)
        #expect(sel.sections.allSatisfy { $0.lines.map(\.code) == ["Sjælland"] })
    }

    @Test func givenAndSummedMustAgree() throws {
        var csv = "code,education,year,realised\nSjælland,assistent,2023,900\n"
        let sj = try realisedSums("illustrative-sosu-2023-sjaelland.csv", education: "assistent")
        for (c, v) in sj.sorted(by: { $0.key < $1.key }) { csv += "\(c),assistent,2023,\(v)\n" }
        let e = planError { _ = try followUp("sosu-2023", csv) }
        #expect(e == .badData(SourceLocation(file: "realised.csv", line: 2, field: "realised"),
                              "KKR Sjælland: realised 900 but its municipalities in the same file sum to \(sj.values.reduce(0, +))"))
        // Agreeing figures are accepted and not marked as summed.
        let ok = csv.replacingOccurrences(of: "Sjælland,assistent,2023,900", with: "Sjælland,assistent,2023,\(sj.values.reduce(0, +))")
        let f = try followUp("sosu-2023", ok)
        #expect(f.sections[0].lines(.kkr).first?.summed == false)
    }

    @Test func badRowsNameFileLineAndField() throws {
        let head = "code,education,year,realised\n"
        #expect(planError { _ = try followUp("sosu-2023", head + "259,assistant,2023,5\n") }?.description
                == "realised.csv:2: field 'education': education 'assistant' is not in scenario 'sosu-2023'; did you mean 'assistent'? educations: hjaelper, assistent")
        #expect(planError { _ = try followUp("sosu-2023", head + "259,assistent,2023,5\nKøge,assistent,2023,6\n") }?.description
                == "realised.csv:3: field 'code': 'Køge' assistent 2023 appears twice (first on line 2)")
        #expect(planError { _ = try followUp("sosu-2023", head + "259,assistent,2023,-5\n") }?.description.hasPrefix("realised.csv:2: field 'realised'") == true)
        #expect(planError { _ = try followUp("sosu-2023", "code,education,year,realized\n259,assistent,2023,5\n") }?.description
                == "realised.csv:1: field 'realised': missing column 'realised'; found code, education, year, realized — did you mean 'realised' instead of 'realized'?")
        #expect(planError { _ = try followUp("paedagog-sjaelland-300", head + "101,praktik,2023,5\n") }?.description
                == "realised.csv:2: field 'code': municipality 101 København is not in the plan of 'praktik' (KKR Sjælland)")
        #expect(planError { _ = try followUp("paedagog-sjaelland-300", head + "Hele landet,praktik,2023,5\n") }?.description.contains("planned for KKR Sjælland only") == true)
        #expect(planError { _ = try followUp("sosu-2023", head + "259,assistent,2023,5,yes\n") } != nil)
        #expect(planError { _ = try followUp("sosu-2023", "code,education,year,realised,illustrative\n259,assistent,2023,5,maybe\n") }?.description
                == "realised.csv:2: field 'illustrative': 'maybe' is not yes or no")
    }

    /// A realised year matches the study year that starts in it; a year outside the plan is an error.
    @Test func studyYears() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sygeplejerske-sjaelland-phase-in"))
        let f = try followUp("sygeplejerske-sjaelland-phase-in", "code,education,year,realised\n259,praktik,2025,3\n")
        let s = try #require(f.sections.first)
        #expect(s.planYear == "2025/26" && s.year == "2025")
        let planned = plan.years.first { $0.year == "2025/26" }!.educations.first { $0.id == "praktik" }!.levels[0].groups[0].rows.first { $0.code == "259" }!.seats
        #expect(s.lines(.municipality).first?.dimensioned == planned)
        #expect(s.lines(.municipality).first?.shortfall == planned - 3)
        let e = planError { _ = try followUp("sygeplejerske-sjaelland-phase-in", "code,education,year,realised\n259,praktik,2031,3\n") }
        #expect(e?.description.hasPrefix("realised.csv:2: field 'year': no row for the plan's year (2022/23, 2023/24") == true && e?.description.hasSuffix("the file has: 2031") == true, "\(String(describing: e))")
    }

    @Test func workbookIsRecognised() throws {
        let dir = try planTempDir(["r.xlsx": "PK\u{03}\u{04}rest"])
        let e = planError { _ = try RealisedTable.read(path: dir + "/r.xlsx") }
        #expect(e?.description.contains("a zip archive that is not an Excel workbook") == true, "\(String(describing: e))")
    }

    @Test func everyFormatIsDeterministic() throws {
        let f = try followUpFile("sosu-2023", "illustrative-sosu-2023-kkr.csv")
        let g = try followUpFile("sosu-2023", "illustrative-sosu-2023-kkr.csv")
        for format in OutputFormat.allCases {
            #expect(f.rendered(format, lang: .da) == g.rendered(format, lang: .da))
        }
        #expect(f.rendered(.csvDanish, lang: .da).hasPrefix("\u{FEFF}education;year"))
    }

    // MARK: Shipped scenarios of the cycle

    /// KL 2018: 4.811 assistent places, regions 1.363, municipalities 3.448.
    @Test func regionalShare2018() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("sosu-2018-regioner"))
        checkInvariantsOfRegion(plan)
        let a = plan.years[0].educations.first { $0.id == "assistent" }!
        #expect(a.total == 4811)
        let g = a.levels[0].groups[0]
        #expect(g.regional?.seats == 1363 && g.regional?.name == "Regionerne")
        #expect(g.rows.reduce(0) { $0 + $1.seats } == 3448)
        #expect(a.levels[1].groups.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.seats } } == 3448)
        #expect(g.notes.contains(.regionalPart(name: "Regionerne", seats: 1363, of: 4811, illustrative: false)))
        // Published KKR table sums to 3.455: the comparison shows the 7.
        if case .publishedComparison(let c)? = g.notes.first(where: { if case .publishedComparison = $0 { return true }; return false }) {
            #expect(c.published == Rational(3455) && c.apportioned == 3448)
            #expect(c.fewer.reduce(0) { $0 + $1.places } - c.more.reduce(0) { $0 + $1.places } == 7)
        } else {
            Issue.record("no published comparison")
        }
    }

    func checkInvariantsOfRegion(_ plan: PlanResult) {
        for e in plan.years[0].educations {
            for l in e.levels { for g in l.groups { #expect(g.rows.reduce(0) { $0 + $1.seats } == g.apportioned) } }
        }
    }

    /// KL 11 Feb 2019: 747 places + 5 % overbooking; 55/45; 39/24/37. Places and intake are each
    /// apportioned exactly, and no unit gets fewer in the intake than in the places (house
    /// monotonicity of the divisor method).
    @Test func overbooking2019() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("paedagog-sjaelland-2019-overbooking"))
        let es = plan.years[0].educations
        let places = try #require(es.first { $0.id == "paedagog" })
        let intake = try #require(es.first { $0.id == "paedagog-optag" })
        #expect(places.total == 747)
        #expect(intake.total == 785, "⌈747 × 1,05⌉ = ⌈784,35⌉")
        #expect(intake.role == .intake(of: "paedagog", rule: .overbooking(percent: Rational(5))))
        for (lp, li) in zip(places.levels, intake.levels) {
            for (gp, gi) in zip(lp.groups, li.groups) {
                #expect(gp.rows.reduce(0) { $0 + $1.seats } == gp.total)
                #expect(gi.rows.reduce(0) { $0 + $1.seats } == gi.total)
                #expect(gi.total >= gp.total)
                for (rp, ri) in zip(gp.rows, gi.rows) {
                    #expect(rp.code == ri.code)
                    #expect(ri.seats >= rp.seats, "intake \(ri.seats) < places \(rp.seats) for \(gp.parentName) / \(rp.name)")
                }
            }
        }
        let seasons = places.levels[0].groups[0].rows.map(\.seats)
        #expect(seasons == [411, 336], "55 % of 747 = 410,85; 45 % = 336,15")
    }

    /// House monotonicity of the intake over many totals and overbooking rates (exhaustive only).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DIMENSIONERING_EXHAUSTIVE"] == "1"))
    func overbookingMonotoneExhaustive() throws {
        for total in stride(from: 1, through: 1200, by: 7) {
            for pct in [1, 3, 5, 12] {
                let plan = try Planner.run(try ScenarioOverrides.load("paedagog-sjaelland-2019-overbooking",
                                                                     set: ["education.paedagog.total=\(total)", "education.paedagog.overbooking=\(pct)"]))
                let es = plan.years[0].educations
                for (lp, li) in zip(es[0].levels, es[1].levels) {
                    for (gp, gi) in zip(lp.groups, li.groups) {
                        for (rp, ri) in zip(gp.rows, gi.rows) { #expect(ri.seats >= rp.seats) }
                    }
                }
            }
        }
    }

    @Test func pau2018AgainstPublished() throws {
        let plan = try Planner.run(try ScenarioLibrary.load("pau-2018"))
        let pau = plan.years[0].educations[0]
        #expect(pau.total == 810)
        #expect(pau.levels[0].groups[0].rows.reduce(0) { $0 + $1.seats } == 810)
        let published = URL(fileURLWithPath: realisedDir).deletingLastPathComponent().appendingPathComponent("published/pau-kkr-2018.csv").path
        let check = try PublishedCheck.run(plan, against: try PublishedTable.read(path: published))
        #expect(!check.reproduced, "population alone does not give KL's PAU split")
    }
}

/// `carry_over = "shortfall"`: the follow-up CSV of one year feeds the next year's plan.
@Suite struct CarryOverTests {
    func carried(_ file: String = "shortfall.csv", rule: String = "shortfall") throws -> (PlanResult, PlanResult, FollowUp) {
        let f = try followUpFile("sosu-2023", "illustrative-sosu-2023-sjaelland.csv")
        let dir = try planTempDir([
            "shortfall.csv": f.csv(danish: false),
            "next.toml": "extends = \"sosu-2023\"\nname = \"next\"\n[education.assistent]\ncarry_over = \"\(rule)\"\ncarry_over_from = \"\(file)\"\n",
        ])
        let base = try Planner.run(try ScenarioLibrary.load("sosu-2023"))
        return (base, try Planner.run(try ScenarioLibrary.load(dir + "/next.toml")), f)
    }

    @Test func shortfallAddedOnTopOfTheShare() throws {
        let (base, next, f) = try carried()
        let short = Dictionary(uniqueKeysWithValues: f.sections.first { $0.education == "assistent" }!.lines(.municipality).map { ($0.code, $0.shortfall) })
        let added = short.values.reduce(0) { $0 + max(0, $1) }
        #expect(added > 0 && short.values.contains { $0 < 0 }, "the data has shortfalls and surpluses")
        let b = base.years[0].educations.first { $0.id == "assistent" }!
        let n = next.years[0].educations.first { $0.id == "assistent" }!
        #expect(n.total == b.total + added)
        // Municipalities: base + max(0, shortfall); others unchanged.
        let bm = Dictionary(uniqueKeysWithValues: b.levels[1].groups.flatMap(\.rows).map { ($0.code, $0.seats) })
        for r in n.levels[1].groups.flatMap(\.rows) {
            #expect(r.seats == bm[r.code]! + max(0, short[r.code] ?? 0), "\(r.code)")
            if short[r.code] != nil { #expect(r.carryOver?.added == max(0, short[r.code]!)) }
        }
        // KKR: Sjælland carries the sum; the others are unchanged; every level sums to its parent.
        for (rb, rn) in zip(b.levels[0].groups[0].rows, n.levels[0].groups[0].rows) {
            #expect(rn.seats == rb.seats + (rn.code == "Sjælland" ? added : 0))
        }
        for l in n.levels { for g in l.groups { #expect(g.rows.reduce(0) { $0 + $1.seats } == g.total) } }
        #expect(n.levels[1].notes.contains { if case .carriedShortfall(let p, _, _, _, true) = $0 { return p == added }; return false })
        // Hjælper has no carry-over.
        #expect(next.years[0].educations.first { $0.id == "hjaelper" }!.total == 3000)
        // Explain shows the line in the municipality's chain.
        let e = Explanation.explain(next, municipality: MunicipalityRegistry.denmark.byCode["265"]!, lang: .da)
        let text = e.rendered(.table)
        let roskilde = try #require(n.levels[1].groups.flatMap(\.rows).first { $0.code == "265" })
        #expect(text.contains("shortfall.csv, 2023): \(PlanFormat.int(roskilde.carryOver!.base, .da)) pladser efter andelen + \(short["265"]!) i mangel = \(roskilde.seats)."))
        #expect(next.sources.contains { $0.label == "Sidste års mangel (carry_over_from)" && $0.illustrative })
    }

    @Test func badCarryOver() throws {
        let e1 = planError { _ = try carried(rule: "surplus") }
        #expect(e1?.description.contains("unknown carry_over 'surplus'") == true, "\(String(describing: e1))")
        let dir = try planTempDir([
            "s.csv": "code,education,year,realised\n259,assistent,2023,5\n",
            "x.toml": "extends = \"sosu-2023\"\n[education.assistent]\ncarry_over = \"shortfall\"\ncarry_over_from = \"s.csv\"\n",
        ])
        let e2 = planError { _ = try Planner.run(try ScenarioLibrary.load(dir + "/x.toml")) }
        #expect(e2?.description.contains("a carry-over file needs a 'shortfall' column, or 'dimensioned' and 'realised'") == true, "\(String(describing: e2))")
    }
}

/// Pædagog intake from praktik capacity: the specialisation split and the municipalities' praktik
/// quotas from praktikpladser (illustrative data), capacity as caps, infeasibility explained.
@Suite struct PraktikCapacityTests {
    /// The matrix file read here with a plain split: margins per specialisation and municipality.
    func capacity() throws -> (spec: [String: Int], municipality: [String: Int]) {
        let text = try String(contentsOfFile: URL(fileURLWithPath: realisedDir).deletingLastPathComponent()
            .appendingPathComponent("illustrative-praktikpladser-sjaelland.csv").path, encoding: .utf8)
        var s: [String: Int] = [:], m: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            s[f[1], default: 0] += Int(f[2])!
            m[f[0], default: 0] += Int(f[2])!
        }
        return (s, m)
    }

    @Test func quotasWithinCapacity() throws {
        let (spec, mun) = try capacity()
        #expect(mun.count == 17 && spec.count == 3)
        let plan = try Planner.run(try ScenarioLibrary.load("paedagog-sjaelland-praktik-kapacitet"))
        let es = plan.years[0].educations
        for e in es where e.id.hasPrefix("paedagog") {
            let g = e.levels[0].groups[0]
            #expect(g.rows.reduce(0) { $0 + $1.seats } == e.total)
            for r in g.rows {
                #expect(r.max == spec[r.code], "the cap is the specialisation's praktikpladser")
                #expect(r.seats <= spec[r.code]!)
                #expect(r.parts.first?.value == Rational(spec[r.code]!), "the key is the praktikpladser")
            }
        }
        #expect(es.map(\.total) == [747, 785, 785])
        let praktik = es.first { $0.id == "praktik" }!.levels[0].groups[0]
        for r in praktik.rows {
            #expect(r.max == mun[r.code] && r.seats <= mun[r.code]!)
        }
        #expect(plan.sources.filter(\.illustrative).count == 2, "both capacity files are marked illustrative")
    }

    @Test func moreThanTheCapacityIsExplained() throws {
        let (_, mun) = try capacity()
        let cap = mun.values.reduce(0, +)
        let e = planError { _ = try Planner.run(try ScenarioOverrides.load("paedagog-sjaelland-praktik-kapacitet", set: ["education.praktik.total=\(cap + 63)"])) }
        guard case .infeasible(let msg)? = e else { Issue.record("expected infeasible, got \(String(describing: e))"); return }
        #expect(msg.contains("the caps allow at most \(cap) places but \(cap + 63) are to be allocated: 63 short"), "\(msg)")
        #expect((try? Planner.run(try ScenarioOverrides.load("paedagog-sjaelland-praktik-kapacitet", set: ["education.praktik.total=\(cap)"]))) != nil,
                "exactly the capacity is feasible")
    }
}

/// Follow-up compares the plan's year only (issue 16, item 6).
@Suite struct FollowUpYearTests {
    @Test func aFileWithoutThePlansYearIsRefusedNamingTheYears() throws {
        let csv = "code,education,year,realised\nDK,hjaelper,1999,100\nDK,hjaelper,2030,100\n"
        do {
            _ = try followUp("sosu-2023", csv)
            Issue.record("accepted a file with no 2023 row")
        } catch let DimensioneringError.badData(loc, message) {
            #expect(loc.file == "realised.csv" && loc.field == "year")
            #expect(message.contains("2023") && message.contains("1999") && message.contains("2030"))
        }
        // sosu-2022 against 2023 rows: refused, not "2023 … af 5.997 dimensionerede".
        #expect(throws: DimensioneringError.self) { try followUp("sosu-2022", "code,education,year,realised\nDK,hjaelper,2023,2500\n") }
    }

    @Test func otherYearsAreNamedAsIgnoredInEveryFormat() throws {
        let csv = "code,education,year,realised\nDK,hjaelper,2023,2500\nDK,hjaelper,1999,100\n"
        let f = try followUp("sosu-2023", csv)
        #expect(f.ignoredYears == ["1999"])
        #expect(f.sections.map(\.year) == ["2023"])
        for format in [OutputFormat.table, .markdown, .json, .html] {
            #expect(f.rendered(format, lang: .da).contains("ikke sammenlignet: 1999"), "\(format)")
        }
        #expect(f.rendered(.table, lang: .en).contains("not compared: 1999"))
    }

    @Test func theScenariosNotesComeAlong() throws {
        let f = try followUpFile("sosu-2021", "sosu-2021-national.csv")
        let text = f.rendered(.table, lang: .da)
        for n in try ScenarioLibrary.load("sosu-2021").notes { #expect(text.contains(n)) }
        #expect(text.contains("illustrative") || text.contains("illustrative tal"))
    }
}
