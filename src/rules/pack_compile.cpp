// sl_pack_compile: a build tool. Reads the built-in rule packs (rules/packs/*.yaml) with yaml-cpp and
// writes a C++ source holding each as a compact tree encoding, for builtin_pack_trees()
// (include/streamlint/embedded.hpp). Start-up then rebuilds the YAML::Node trees from the encoding
// without scanning YAML: yaml-cpp's scanner took about 90% of the instructions of a run on one small
// file.
//
// The encoding keeps exactly what the pack loader reads from a YAML::Node, in document order:
//   'M' n (key value){n}   a map        'S' n value{n}   a sequence
//   's' len bytes          a scalar, as yaml-cpp resolved it (plain, quoted, folded alike)
//   '~'                    null
// with n and len as 4-byte little-endian integers, keys written as scalars.
//
// Usage: sl_pack_compile OUT.cpp ROOT PACK.yaml...   (paths in the output are relative to ROOT)
#include "../write_generated.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

void put_u32(std::string& out, std::size_t n)
{
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    }
}

void put_scalar(std::string& out, const std::string& s)
{
    out.push_back('s');
    put_u32(out, s.size());
    out += s;
}

void encode(std::string& out, const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        out.push_back('M');
        put_u32(out, node.size());
        for (const auto& kv : node) {
            put_scalar(out, kv.first.as<std::string>());
            encode(out, kv.second);
        }
        break;
    case YAML::NodeType::Sequence:
        out.push_back('S');
        put_u32(out, node.size());
        for (const auto& item : node) {
            encode(out, item);
        }
        break;
    case YAML::NodeType::Scalar: put_scalar(out, node.Scalar()); break;
    default: out.push_back('~'); break;
    }
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: sl_pack_compile OUT.cpp ROOT PACK.yaml...\n";
        return 2;
    }
    const std::filesystem::path root = argv[2];
    std::ostringstream body;
    std::ostringstream index;
    for (int i = 3; i < argc; ++i) {
        std::string tree;
        try {
            encode(tree, YAML::LoadFile(argv[i]));
        } catch (const std::exception& e) {
            std::cerr << argv[i] << ": " << e.what() << '\n';
            return 1;
        }
        body << "const char k_pack_" << i << "[] = {";
        for (std::size_t k = 0; k < tree.size(); ++k) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "'\\x%02x',", static_cast<unsigned char>(tree[k]));
            body << (k % 24 == 0 ? "\n" : "") << hex;
        }
        body << "'\\0'};\n";
        const std::string rel = std::filesystem::path(argv[i]).lexically_relative(root).generic_string();
        index << "        {\"" << rel << "\", std::string_view(k_pack_" << i << ", " << tree.size() << ")},\n";
    }
    const std::string content = streamlint::generated_source("sl_pack_compile from rules/packs/", body.str(),
                                                             "EmbeddedFile", "builtin_pack_trees", index.str());
    return streamlint::write_generated("sl_pack_compile", argv[1], content) ? 0 : 1;
}
