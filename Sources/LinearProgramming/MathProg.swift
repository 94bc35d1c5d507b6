internal import CGLPK
import Foundation

/// A GNU MathProg model run in-process through GLPK's translator, the same way `glpsol -m -d` runs it.
public struct MathProgRun: Sendable {
    public var solution: LPSolution
    /// Column values keyed by GLPK column name, e.g. `y[101,3]`.
    public var columns: [String: Double]
    /// Row duals keyed by GLPK row name.
    public var rowDuals: [String: Double]
    /// What the model's `printf`/`display` statements wrote (the postsolve output).
    public var output: String
}

/// Owns a `glp_tran` workspace; freed in `deinit`. Enforces GLPK's call order:
/// read model → read data → generate → build problem → solve → postsolve.
final class MathProgWorkspace {
    let pointer: OpaquePointer
    init() { pointer = glp_mpl_alloc_wksp() }
    deinit {
        glpkLock.lock()
        glp_mpl_free_wksp(pointer)
        glpkLock.unlock()
    }
}

public enum MathProg {
    /// Reads `model` (and `data`, if given), solves with the simplex method, runs postsolve.
    public static func run(model: URL, data: URL?, options: SimplexOptions = SimplexOptions()) throws -> MathProgRun {
        let fm = FileManager.default
        guard fm.isReadableFile(atPath: model.path) else {
            throw LPError.mathProg(stage: "reading the model", message: "cannot read \(model.path)")
        }
        if let data, !fm.isReadableFile(atPath: data.path) {
            throw LPError.mathProg(stage: "reading the data", message: "cannot read \(data.path)")
        }
        let (result, said) = try withGLPK { () throws -> MathProgRun in
            let tran = MathProgWorkspace()
            let problem = GLPKProblem()
            func fail(_ stage: String) -> LPError {
                .mathProg(stage: stage, message: glpkTerminalText().trimmingCharacters(in: .whitespacesAndNewlines))
            }
            // skip = 1 when a separate data file is given: ignore the model's own data section.
            if glp_mpl_read_model(tran.pointer, model.path, data == nil ? 0 : 1) != 0 { throw fail("reading the model") }
            if let data, glp_mpl_read_data(tran.pointer, data.path) != 0 { throw fail("reading the data") }
            if glp_mpl_generate(tran.pointer, nil) != 0 { throw fail("generating the model") }
            glp_mpl_build_prob(tran.pointer, problem.pointer)
            let m = glp_get_num_rows(problem.pointer), n = glp_get_num_cols(problem.pointer)
            let code = problem.simplex(options)
            let termination = GLPKProblem.termination(code)
            let statusCode = glp_get_status(problem.pointer)
            var columns: [String: Double] = [:], duals: [String: Double] = [:]
            var values: [Double] = [], reduced: [Double] = [], acts: [Double] = [], rduals: [Double] = []
            if n > 0 {
                for j in 1...n {
                    let name = glp_get_col_name(problem.pointer, j).map { String(cString: $0) } ?? "c\(j)"
                    let v = glp_get_col_prim(problem.pointer, j)
                    columns[name] = v
                    values.append(v)
                    reduced.append(glp_get_col_dual(problem.pointer, j))
                }
            }
            if m > 0 {
                for i in 1...m {
                    let name = glp_get_row_name(problem.pointer, i).map { String(cString: $0) } ?? "r\(i)"
                    let d = glp_get_row_dual(problem.pointer, i)
                    duals[name] = d
                    acts.append(glp_get_row_prim(problem.pointer, i))
                    rduals.append(d)
                }
            }
            let before = glpkTerminalText()
            var output = ""
            if code == 0, statusCode == GLP_OPT || statusCode == GLP_FEAS {
                if glp_mpl_postsolve(tran.pointer, problem.pointer, GLP_SOL) != 0 { throw fail("postsolve") }
                output = String(glpkTerminalText().dropFirst(before.count))
                    .replacingOccurrences(of: "Model has been successfully processed\n", with: "")
            }
            let solution = LPSolution(
                termination: termination, status: GLPKProblem.status(statusCode),
                objective: glp_get_obj_val(problem.pointer), columnValues: values,
                columnReducedCosts: reduced, rowActivities: acts, rowDuals: rduals,
                iterations: Int(glp_get_it_cnt(problem.pointer)))
            withExtendedLifetime(problem) {}
            withExtendedLifetime(tran) {}
            return MathProgRun(solution: solution, columns: columns, rowDuals: duals, output: output)
        }
        _ = said
        return result
    }
}
