import Foundation
import Testing
@testable import DimensioneringKit

@Suite struct MunicipalitiesInputTests {
    let reg = MunicipalityRegistry.denmark

    @Test func embeddedTable() {
        #expect(reg.all.count == 98)
        #expect(reg.all.reduce(0) { $0 + $1.population } == 5_873_327)
        let perKKR = Dictionary(grouping: reg.all, by: { $0.kkr }).mapValues { $0.count }
        #expect(perKKR == ["Hovedstaden": 29, "Sjælland": 17, "Syddanmark": 22, "Midtjylland": 19, "Nordjylland": 11])
        #expect(reg.byCode["101"] == Municipality(code: "101", name: "København", kkr: "Hovedstaden", population: 644_431))
        #expect(reg.byCode["411"] == nil)
    }

    @Test func everyNameAndCodeResolvesToItself() {
        for m in reg.all {
            #expect(reg.lookup(m.name) == m, "\(m.name)")
            #expect(reg.lookup(m.name.uppercased()) == m, "\(m.name)")
            #expect(reg.lookup(m.code) == m)
            #expect(reg.lookup("\(m.code) \(m.name)") == m)
            #expect(reg.lookup("0" + m.code) == m)
        }
    }

    @Test(arguments: [
        ("Copenhagen", "101"), ("københavn", "101"), ("Kobenhavn", "101"), ("Københavns Kommune", "101"),
        ("Aarhus", "751"), ("Århus", "751"), ("Arhus", "751"),
        ("Høje-Taastrup", "169"), ("Høje Taastrup", "169"), ("Hoeje-Taastrup", "169"),
        ("Lyngby-Taarbæk", "173"), ("Lyngby Taarbaek", "173"),
        ("Brønderslev", "810"), ("Brønderslev-Dronninglund", "810"), ("Bronderslev", "810"),
        ("Bornholm", "400"), ("Bornholms Regionskommune", "400"),
        ("Nordfyns", "480"), ("Nordfyn", "480"), ("Nordfyns Kommune", "480"),
        ("Ringkøbing-Skjern", "760"), ("Ringkobing-Skjern", "760"),
        ("Faaborg-Midtfyn", "430"), ("Vesthimmerlands", "820"), ("Vesthimmerland", "820"),
        ("Ærø", "492"), ("Aeroe", "492"), ("Aabenraa", "580"), ("Åbenrå", "580"),
        ("101 København", "101"), ("101 Copenhagen", "101"), ("  0147 Frederiksberg ", "147"),
    ])
    func nameVariants(label: String, code: String) {
        #expect(reg.lookup(label)?.code == code, "\(label)")
    }

    @Test func notMunicipalities() {
        #expect(reg.lookup("Christiansø") == nil)
        #expect(reg.lookup("411") == nil)
        #expect(reg.classify("411 Christiansø") == .christianso)
        #expect(reg.classify("Christianso") == .christianso)
        #expect(reg.classify("Hele landet") == .country)
        #expect(reg.classify("All Denmark") == .country)
        #expect(reg.classify("000 All Denmark") == .country)
        #expect(reg.classify("Region Hovedstaden") == .region("Hovedstaden"))
        #expect(reg.classify("084 Region Hovedstaden") == .region("Hovedstaden"))
        #expect(reg.classify("Capital Region of Denmark") == .region("Hovedstaden"))
        #expect(reg.classify("Region Zealand") == .region("Sjælland"))
        #expect(reg.classify("Region of Southern Denmark") == .region("Syddanmark"))
        #expect(reg.classify("Central Denmark Region") == .region("Midtjylland"))
        #expect(reg.classify("North Denmark Region") == .region("Nordjylland"))
        #expect(reg.classify("Landsdel Bornholm") == .landsdel("Landsdel Bornholm"))
        #expect(reg.classify("Province Byen København") == .landsdel("Province Byen København"))
        #expect(reg.classify("Gotham") == .unknown)
        #expect(reg.classify("101 Aarhus") == .mismatch(code: "101", name: "Aarhus"))
        #expect(reg.lookup("101 Aarhus") == nil)
        #expect(reg.suggestion(for: "Kalundbrg")?.code == "326")
    }

    @Test func kkrNames() {
        for (label, kkr) in [("Hovedstaden", "Hovedstaden"), ("Region Hovedstaden", "Hovedstaden"),
                             ("Sjælland", "Sjælland"), ("Sjaelland", "Sjælland"), ("region sjælland", "Sjælland"),
                             ("Syddanmark", "Syddanmark"), ("Region Midtjylland", "Midtjylland"),
                             ("KKR Nordjylland", "Nordjylland"), ("NORDJYLLAND", "Nordjylland")] {
            #expect(MunicipalityRegistry.canonicalKKR(label) == kkr, "\(label)")
        }
        #expect(MunicipalityRegistry.canonicalKKR("Fyn") == nil)
    }

    @Test func badRegistryTable() throws {
        let t = try CSVTable.parse(Data("code,name,kkr,population\n101,København,Sjaland,5\n".utf8), file: "m.csv")
        #expect(errorText { _ = try MunicipalityRegistry(table: t) }
            == "m.csv:2: field 'kkr': unknown KKR 'Sjaland'; expected one of 'Hovedstaden', 'Sjælland', 'Syddanmark', 'Midtjylland', 'Nordjylland'")
    }

    @Test func sosuResourceShipped() throws {
        let t = try CSVTable.parse(Data(contentsOf: embeddedDataURL("sosu-kkr-2022-2023")), file: "sosu")
        #expect(t.rows.count == 5)
        #expect(t.rows.map { try! $0.int("hjaelper_2022") }.reduce(0, +) == 3000)
    }
}
