// SafeTensors: the safetensors file format (https://github.com/huggingface/safetensors), read and written.
//
// Layout of a file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}`),
// then the data area, which the offsets index.

public enum SafeTensors {}
