import Foundation
import Testing
@testable import DimensioneringKit

/// Windows-1252 / Latin-1 bytes of a string (every character must be below U+0100).
func latin1(_ s: String) -> Data {
    Data(s.unicodeScalars.map { UInt8($0.value) })
}

/// Tests/Fixtures/dst-folk1a-2020K1 (copies of ../shared/data/dst-folk1a-2020K1), found from this file's path.
let folkDir: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // the file, Input, DimensioneringKitTests
    return url.appendingPathComponent("Fixtures/dst-folk1a-2020K1").path
}()
let longCSV = folkDir + "/DERIVED_folk1a_2020K1_long_by_age_sex.csv"
let bandsCSV = folkDir + "/DERIVED_folk1a_2020K1_kommune_elderly_bands.csv"

@Suite struct StatBankInputTests {
    /// A three-municipality registry for small fixtures.
    let small = try! MunicipalityRegistry([
        Municipality(code: "101", name: "København", kkr: "Hovedstaden", population: 0),
        Municipality(code: "259", name: "Køge", kkr: "Sjælland", population: 0),
        Municipality(code: "751", name: "Aarhus", kkr: "Midtjylland", population: 0),
    ])

    @Test func danishLatin1SeveralQuartersMenWomen() throws {
        var text = "OMRÅDE;ALDER;KØN;TID;INDHOLD\r\n"
        text += "Hele landet;67 år;Mænd;2022K1;99999\r\n"
        text += "Region Sjælland;67 år;Mænd;2022K1;888\r\n"
        text += "Christiansø;67 år;Mænd;2022K1;1\r\n"
        for (q, k) in [("2021K4", 0), ("2022K1", 1000)] {
            for (area, base) in [("København", 100), ("Køge", 10), ("Århus", 50)] {
                text += "\(area);Alder i alt;Mænd;\(q);\(base * 100 + k)\r\n"
                text += "\(area);67 år;Mænd;\(q);\(base + k)\r\n"
                text += "\(area);67 år;Kvinder;\(q);\(base + 1 + k)\r\n"
                text += "\(area);68 år;Mænd;\(q);\(base + 2)\r\n"
                text += "\(area);68 år;Kvinder;\(q);\(base + 3)\r\n"
            }
        }
        let p = try StatBank.parseFOLK1A(latin1(text), file: "folk1a.csv", registry: small)
        #expect(p.quarter == "2022K1")
        #expect(p.availableQuarters == ["2021K4", "2022K1"])
        #expect(p.residents["259"] == [AgeRange(from: 67, to: 67): 2021, AgeRange(from: 68, to: 68): 25])
        #expect(try p.count(code: "259", from: 67, to: 68) == 2046)
        #expect(try p.count(code: "101", from: 67, to: 68) == 100 + 101 + 2000 + 102 + 103)
        let old = try StatBank.parseFOLK1A(latin1(text), file: "folk1a.csv", quarter: "2021K4", registry: small)
        #expect(try old.count(code: "751", from: 67, to: 67) == 101)
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(text), file: "folk1a.csv", quarter: "2023K1", registry: small) }
            == "folk1a.csv: field 'TID': quarter 2023K1 is not in the export; it has 2021K4, 2022K1")
    }

    @Test func headerlessEnglishWithCodesAndSexTotal() throws {
        let text = """
        "000 All Denmark","Age, total","Total","2020Q1",5822763
        "101 Copenhagen","67 years","Men","2020Q1",10
        "101 Copenhagen","67 years","Women","2020Q1",11
        "101 Copenhagen","67 years","Total","2020Q1",21
        "101 Copenhagen","100 years and over","Total","2020Q1",2
        "259 Køge","67 years","Total","2020Q1",5
        "259 Køge","100 years and over","Total","2020Q1",1
        "751 Aarhus","67 years","Total","2020Q1",7
        "751 Aarhus","100 years and over","Total","2020Q1",3
        "411 Christiansø","67 years","Total","2020Q1",1
        """
        let p = try StatBank.parseFOLK1A(Data(text.utf8), file: "en.csv", registry: small)
        #expect(p.quarter == "2020K1")
        #expect(try p.count(code: "101", from: 67, to: 67) == 21)  // the total, not 10 + 11 + 21
        #expect(try p.count(code: "751", from: 100, to: nil) == 3)
        #expect(errorText { _ = try p.count(code: "751", from: 67, to: nil) }
            == "en.csv: field 'age': the export has no figures for age 68-99 (needed for the band 67+)")
    }

    @Test func ageGroupsCannotBeSplit() throws {
        var text = "område;alder;tid;indhold\n"
        for area in ["101 København", "259 Køge", "751 Aarhus"] {
            text += "\(area);65-69 år;2022K1;50\n\(area);70-74 år;2022K1;40\n\(area);75-79 år;2022K1;30\n"
            text += "\(area);80-84 år;2022K1;20\n\(area);85 år og derover;2022K1;10\n\(area);Alder i alt;2022K1;999\n"
        }
        let p = try StatBank.parseFOLK1A(latin1(text), file: "groups.csv", registry: small)
        #expect(try p.count(code: "259", from: 65, to: 74) == 90)
        #expect(try p.count(code: "259", from: 75, to: nil) == 60)
        #expect(p.total(code: "259") == 150)
        #expect(errorText { _ = try p.count(code: "259", from: 67, to: 74) }
            == "groups.csv: field 'age': the export's age group 65-69 cannot be split into the band 67-74: download FOLK1A by single year of age, or put the band limits on the group limits")
        #expect(errorText { _ = try p.count(code: "259", from: 60, to: 69) }
            == "groups.csv: field 'age': the export has no figures for age 60-64 (needed for the band 60-69)")
        let noTop = text.replacingOccurrences(of: "85 år og derover", with: "85-89 år")
        let q = try StatBank.parseFOLK1A(latin1(noTop), file: "groups.csv", registry: small)
        #expect(errorText { _ = try q.count(code: "259", from: 85, to: nil) }
            == "groups.csv: field 'age': the export stops at age 89 without an 'and over' group, so the band 85+ would miss the oldest residents")
    }

    @Test func overlappingGroupsAreRefused() throws {
        var text = "OMRÅDE;ALDER;TID;INDHOLD\n"
        for area in ["København", "Køge", "Aarhus"] { text += "\(area);65-69 år;2022K1;50\n\(area);67 år;2022K1;9\n" }
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(text), file: "o.csv", registry: small) }
            == "o.csv:3: field 'ALDER': age groups 65-69 (line 2) and 67 (line 3) overlap; residents would be counted twice — download either single years or non-overlapping groups")
    }

    @Test func unknownMissingAndDuplicate() {
        let unknown = "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;67 år;2022K1;1\nKalundbrg;67 år;2022K1;1\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(unknown), file: "u.csv") }
            == "u.csv:3: field 'OMRÅDE': unknown municipality 'Kalundbrg' — did you mean 'Kalundborg' (326)?")
        let missing = "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;67 år;2022K1;1\nAarhus;67 år;2022K1;1\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(missing), file: "m.csv", registry: small) }
            == "m.csv: 1 municipality is missing from the export for 2022K1: 259 Køge")
        let dup = "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;67 år;2022K1;1\nKøge;67 år;2022K1;1\n101 Copenhagen;67 år;2022K1;1\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(dup), file: "d.csv", registry: small) }
            == "d.csv:4: field 'OMRÅDE': the same figure (area, age '67 år', sex, 2022K1) is also given at line 2; it would be counted twice")
        let bad = "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;67 år;2022K1;..\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(bad), file: "b.csv", registry: small) }
            == "b.csv:2: field 'INDHOLD': the figure is missing ('..'); download the table again with all figures")
        let badAge = "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;old;2022K1;3\n"
        #expect(errorText { _ = try StatBank.parseFOLK1A(latin1(badAge), file: "b.csv", registry: small) }
            == "b.csv:2: field 'ALDER': 'old' is not an age; expected e.g. '67 år', '65-69 år', '85 år og derover' or 'Alder i alt'")
    }

    @Test func civilStatusUsesItsTotal() throws {
        var text = "OMRÅDE;CIVILSTAND;ALDER;KØN;TID;INDHOLD\n"
        for area in ["København", "Køge", "Aarhus"] {
            text += "\(area);I alt;67 år;Mænd;2022K1;10\n\(area);Ugift;67 år;Mænd;2022K1;4\n\(area);Gift/separeret;67 år;Mænd;2022K1;6\n"
        }
        let p = try StatBank.parseFOLK1A(latin1(text), file: "c.csv", registry: small)
        #expect(try p.count(code: "101", from: 67, to: 67) == 10)
    }

    @Test(arguments: [
        ("67 år", StatBank.Age.range(AgeRange(from: 67, to: 67))), ("67 years", .range(AgeRange(from: 67, to: 67))),
        ("0", .range(AgeRange(from: 0, to: 0))), ("1 year", .range(AgeRange(from: 1, to: 1))),
        ("65-69 år", .range(AgeRange(from: 65, to: 69))), ("65-69 years", .range(AgeRange(from: 65, to: 69))),
        ("85 år og derover", .range(AgeRange(from: 85, to: nil))), ("100 years and over", .range(AgeRange(from: 100, to: nil))),
        ("85+", .range(AgeRange(from: 85, to: nil))), ("Age, total", .total), ("Alder i alt", .total),
        ("Under 1 år", .range(AgeRange(from: 0, to: 0))),
    ])
    func ageLabels(label: String, age: StatBank.Age) {
        #expect(StatBank.parseAge(label) == age)
    }

    @Test func realLongExport2020K1() throws {
        let p = try StatBank.readFOLK1A(path: longCSV)
        #expect(p.quarter == "2020K1")
        #expect(p.residents.count == 98)
        #expect(p.residents["411"] == nil)
        #expect(p.total(code: "101") == 632_340)
        #expect(p.residents.keys.reduce(0) { $0 + p.total(code: $1) } == 5_822_763 - 84)
        // Every municipality's bands equal the derived table.
        let derived = try CSVTable.read(path: bandsCSV)
        var checked = 0
        for row in derived.rows {
            let code = try row.string("kommune_kode")
            guard code != "411" else { continue }
            #expect(p.total(code: code) == (try row.int("total")))
            #expect(try p.count(code: code, from: 65, to: 66) == (try row.int("a65_66")))
            #expect(try p.count(code: code, from: 67, to: 74) == (try row.int("a67_74")))
            #expect(try p.count(code: code, from: 75, to: 84) == (try row.int("a75_84")))
            #expect(try p.count(code: code, from: 85, to: nil) == (try row.int("a85plus")))
            checked += 1
        }
        #expect(checked == 98)
    }

    /// The real 2020K1 figures rewritten as a Danish StatBank download (Latin-1, `;`, men/women,
    /// area names, "Hele landet" and region rows) must read to the same numbers.
    @Test func realDataAsDanishStatBankExport() throws {
        let long = try CSVTable.read(path: longCSV)
        let reg = MunicipalityRegistry.denmark
        var text = "OMRÅDE;ALDER;KØN;TID;INDHOLD\r\n"
        for row in long.rows {
            let code = row["omrade_kode"]!
            let area = reg.byCode[String(Int(code)!)]?.name ?? (code == "411" ? "Christiansø" : row["omrade"]!)
            let age = "\(row["alder"]!) år"
            text += "\(area);\(age);Mænd;2020K1;\(row["maend"]!)\r\n\(area);\(age);Kvinder;2020K1;\(row["kvinder"]!)\r\n"
        }
        let p = try StatBank.parseFOLK1A(latin1(text), file: "FOLK1A.csv")
        let q = try StatBank.readFOLK1A(path: longCSV)
        #expect(p.residents == q.residents)
        #expect(p.total(code: "259") == q.total(code: "259"))
    }
}

@Suite struct ElderlyKeyInputTests {
    @Test func realKey2020K1() throws {
        let p = try StatBank.readFOLK1A(path: longCSV)
        let bands = try [
            AgeBand(from: 65, to: 66, unitAmount: "12000"),
            AgeBand(from: 67, to: 74, unitAmount: "18500,5"),
            AgeBand(from: 75, to: 84, unitAmount: "46000.25"),
            AgeBand(from: 85, to: nil, unitAmount: "1.1e5"),
        ]
        let key = try ElderlyKey.compute(population: p, bands: bands)
        #expect(key.entries.count == 98)
        #expect(key.quarter == "2020K1")
        #expect(abs(key.entries.map { $0.share }.reduce(0, +) - 1) < 1e-12)
        let kbh = try #require(key.entry(code: "101"))
        #expect(kbh.residents == [8675, 30945, 19645, 6208])
        // 8675×12000 + 30945×18500.5 + 19645×46000.25 + 6208×110000
        #expect(kbh.weight == "2263152883.75")
        #expect(key.weights["101"] == "2263152883.75")
        #expect(key.nationalWeight.hasSuffix(".75") || key.nationalWeight.contains("."))
        #expect(abs(kbh.share - 2263152883.75 / Double(key.nationalWeight)!) < 1e-15)
    }

    @Test func bandErrors() throws {
        #expect(errorText { _ = try AgeBand(from: 70, to: 65, unitAmount: "1") }
            == "age bands: age band 70-65 is empty or negative")
        #expect(errorText { _ = try AgeBand(from: 65, to: 66, unitAmount: "-5", at: SourceLocation(file: "s.toml", line: 7, field: "unit_amount")) }
            == "s.toml:7: field 'unit_amount': '-5' is not a valid number: it must not be negative")
        let p = try StatBank.readFOLK1A(path: longCSV)
        let overlapping = try [AgeBand(from: 65, to: 70, unitAmount: "1"), AgeBand(from: 67, to: 74, unitAmount: "1")]
        #expect(errorText { _ = try ElderlyKey.compute(population: p, bands: overlapping) }
            == "age bands: age bands 65-70 and 67-74 overlap; residents would be counted twice")
    }
}
