// Module's reflection: keys, order, renames, arrays, optionals, modes, freezing.

import XCTest
import NN
import Tensors

/// A module exercising every kind of entry: a parameter, an optional parameter that is nil, a renamed
/// buffer, an array of modules, a Sequential with parameterless layers, a renamed child module.
final class Toy: Module, UnaryLayer {
    let scale: Parameter
    let unused: Parameter?
    @Key var statistic: Buffer
    let blocks: [Conv2d]
    let head: Sequential
    @Key var tail: Linear

    init(rng: inout RNG) {
        scale = Parameter(Tensor.ones([1]))
        unused = nil
        _statistic = Key(wrappedValue: Buffer(Tensor.zeros([2])), "running_stat")
        blocks = [Conv2d(inputChannels: 2, outputChannels: 2, kernelSize: 1, rng: &rng),
                  Conv2d(inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: 1, bias: false, rng: &rng)]
        head = Sequential(ReLU(), BatchNorm2d(channels: 2), LeakyReLU())
        _tail = Key(wrappedValue: Linear(inputFeatures: 8, outputFeatures: 1, rng: &rng), "fc_out")
        super.init()
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        tail(head(blocks.reduce(x * scale.value) { $1($0) }).flattened())
    }
}

final class ModuleTests: XCTestCase {
    func testKeysAndOrder() {
        var rng = RNG(seed: 1)
        let toy = Toy(rng: &rng)
        XCTAssertEqual(toy.namedParameters().map(\.0), [
            "scale", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "head.1.weight", "head.1.bias",
            "fc_out.weight", "fc_out.bias",
        ])
        XCTAssertEqual(toy.namedBuffers().map(\.0), ["running_stat", "head.1.running_mean", "head.1.running_var"])
        XCTAssertEqual(toy.namedState().map(\.0), [
            "scale", "running_stat", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight",
            "head.1.weight", "head.1.bias", "head.1.running_mean", "head.1.running_var", "fc_out.weight", "fc_out.bias",
        ])
        XCTAssertEqual(toy.namedModules().map(\.0), ["", "blocks.0", "blocks.1", "head", "head.0", "head.1", "head.2", "fc_out"])
        XCTAssertEqual(toy.parameterCount, 1 + 4 + 2 + 36 + 2 + 2 + 8 + 1)
    }

    func testModesReachEveryDescendant() {
        var rng = RNG(seed: 1)
        let toy = Toy(rng: &rng)
        XCTAssertTrue(toy.namedModules().allSatisfy { $0.1.training })
        toy.eval()
        XCTAssertTrue(toy.namedModules().allSatisfy { !$0.1.training })
        toy.train()
        XCTAssertTrue(toy.namedModules().allSatisfy { $0.1.training })
    }

    func testFreezeStopsGradients() {
        var rng = RNG(seed: 1)
        let toy = Toy(rng: &rng)
        let x = Tensor.randomNormal([2, 2, 2, 2], rng: &rng)
        XCTAssertTrue(toy(x).requiresGrad)
        toy.freeze()
        XCTAssertTrue(toy.trainableParameters().isEmpty)
        XCTAssertTrue(toy.namedParameters().allSatisfy { !$0.1.value.requiresGrad })
        XCTAssertFalse(toy(x).requiresGrad, "a frozen module records no graph for its weights")
        toy.unfreeze()
        XCTAssertEqual(toy.trainableParameters().count, 8)
        XCTAssertTrue(toy(x).requiresGrad)
    }

    func testAssigningAParameterMakesALeaf() {
        let p = Parameter(Tensor.ones([3]))
        let a = p.value
        p.value = (a * 2).sum(axes: [0], keepDims: true).broadcastTo([3])
        XCTAssertTrue(p.value.requiresGrad)
        XCTAssertEqual(p.value.toArray(), [6, 6, 6])
        // The new value is a leaf: a gradient with respect to it does not flow back into `a`.
        let g = grad(of: (p.value * a).sum(), wrt: [p.value, a])
        XCTAssertEqual(g[0].toArray(), [1, 1, 1])
        XCTAssertEqual(g[1].toArray(), [6, 6, 6])
    }
}

/// A module that keeps a reference back to its parent and shares a child: each is listed once.
final class Shared: Module {
    let a: Linear
    let b: Linear
    weak var parent: Module?

    init(rng: inout RNG) {
        a = Linear(inputFeatures: 2, outputFeatures: 2, rng: &rng)
        b = a
        super.init()
    }
}

final class Holder: Module {
    let child: Shared

    init(rng: inout RNG) {
        child = Shared(rng: &rng)
        super.init()
        child.parent = self
    }
}

final class ModuleGraphTests: XCTestCase {
    func testSharedModulesAndBackReferencesAreListedOnce() {
        var rng = RNG(seed: 1)
        let holder = Holder(rng: &rng)
        XCTAssertEqual(holder.namedModules().map(\.0), ["", "child", "child.a"])
        XCTAssertEqual(holder.namedParameters().map(\.0), ["child.a.weight", "child.a.bias"])
        XCTAssertEqual(holder.summary, "child.a.weight [2, 2]\nchild.a.bias [2]\nHolder: 6 parameters")
    }
}
