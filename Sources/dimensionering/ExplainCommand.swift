import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "(in progress)")
        func run() throws {}
    }
}
