import Foundation

/// What a user asked to see (`--kkr`, `--kommune`): the plan is always computed for the whole
/// scenario, and the views show only the selection, with its own totals.
public struct PlanSelection: Sendable, Equatable {
    /// Canonical KKR names.
    public var kkr: [String] = []
    /// Municipality codes.
    public var municipalities: [String] = []

    public init(kkr: [String] = [], municipalities: [String] = []) {
        self.kkr = kkr
        self.municipalities = municipalities
    }

    public var isEmpty: Bool { kkr.isEmpty && municipalities.isEmpty }

    /// Resolves names and codes ("Sjælland", "KKR Sjælland"; "259", "Køge").
    public static func resolve(kkr: [String], kommune: [String], registry: MunicipalityRegistry = .denmark) throws -> PlanSelection {
        var s = PlanSelection()
        for k in kkr {
            guard let c = MunicipalityRegistry.canonicalKKR(k) else {
                let hint = EditDistance.suggestion(for: k, among: MunicipalityRegistry.kkrNames).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.usage("unknown KKR '\(k)'; \(hint)one of: \(MunicipalityRegistry.kkrNames.joined(separator: ", "))")
            }
            if !s.kkr.contains(c) { s.kkr.append(c) }
        }
        for m in kommune {
            guard let mm = registry.lookup(m) else {
                let hint = registry.suggestion(for: m).map { "; did you mean '\($0.code) \($0.name)'?" } ?? ""
                throw DimensioneringError.usage("unknown municipality '\(m)'\(hint)")
            }
            if !s.municipalities.contains(mm.code) { s.municipalities.append(mm.code) }
        }
        return s
    }

    /// KKR whose rows are shown: the selected ones and those of the selected municipalities.
    func shownKKR(_ registry: MunicipalityRegistry) -> Set<String> {
        Set(kkr + municipalities.compactMap { registry.byCode[$0]?.kkr })
    }

    func keeps(_ row: PlanRow, level: PlanLevelResult, registry: MunicipalityRegistry) -> Bool {
        if isEmpty { return true }
        switch level.units {
        case .kkr:
            return shownKKR(registry).contains(row.code)
        case .municipality:
            return municipalities.contains(row.code) || (row.kkr.map { kkr.contains($0) } ?? false)
        case .custom:
            guard let k = row.kkr else { return municipalities.isEmpty }
            return shownKKR(registry).contains(k)
        }
    }
}

extension PlanResult {
    /// The plan with only the selected units' rows (groups and educations left empty are dropped).
    /// Numbers are those of the whole plan: nothing is recomputed.
    public func selecting(_ s: PlanSelection) -> PlanResult {
        guard !s.isEmpty else { return self }
        var out = self
        out.years = years.map { y in
            var y = y
            y.educations = y.educations.compactMap { e in
                var e = e
                e.levels = e.levels.map { l in
                    var l = l
                    l.groups = l.groups.compactMap { g in
                        var g = g
                        g.rows = g.rows.filter { s.keeps($0, level: l, registry: registry) }
                        return g.rows.isEmpty ? nil : g
                    }
                    return l
                }
                return e.levels.contains(where: { !$0.groups.isEmpty }) ? e : nil
            }
            return y
        }
        out.selection = s
        return out
    }
}
