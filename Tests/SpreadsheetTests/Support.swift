import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct PythonFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs `python3` (from PATH) with `arguments`, feeding `stdin`; throws, so the calling test fails,
/// when python3 or openpyxl is missing (scripts/install-deps.sh installs both).
func runPython(_ arguments: [String], stdin: String? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    // stderr goes to a file so that only stdout needs draining while the child runs.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let out = Pipe(), input = Pipe()
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    do { try process.run() } catch {
        throw PythonFailure(description: "cannot start python3: \(error); run scripts/install-deps.sh")
    }
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    let errors = (try? Data(contentsOf: errURL)) ?? Data()
    guard process.terminationStatus == 0 else {
        throw PythonFailure(description: """
            python3 \(arguments.first ?? "") exited \(process.terminationStatus) \
            (python3 with openpyxl is required; run scripts/install-deps.sh):
            \(String(decoding: errors, as: UTF8.self))
            """)
    }
    return output
}

/// The workbook as openpyxl reads it (scripts/xlsx-dump.py).
func openpyxlDump(_ path: String) throws -> [String: Any] {
    let data = try runPython([repositoryRoot.appendingPathComponent("scripts/xlsx-dump.py").path, path])
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw PythonFailure(description: "xlsx-dump.py printed no JSON object")
    }
    return object
}

func temporaryDirectory(_ label: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
