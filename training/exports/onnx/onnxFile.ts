// ONNX stores raw tensor data little-endian, the byte order of typed arrays on every platform
// Node and the app run on (x86-64 and ARM).
/** Serialises a built graph as an ONNX model file (protobuf, through onnx-proto's generated code). */
import onnxProto from 'onnx-proto';
import {
  ONNX_TYPE,
  type GraphBuilder,
  type OnnxAttribute,
  type OnnxInitializer,
  type OnnxValueInfo,
} from './graphBuilder';

const { onnx } = onnxProto;

/** ONNX IR version 8 carries opset 17, the version every node here is written for. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
/** LabelEncoder with string keys and int64 values needs ai.onnx.ml 2 or later. */
export const ONNX_ML_OPSET = 3;

export interface OnnxModelInfo {
  readonly producerVersion: string;
  readonly doc: string;
  /** Free-form key/value pairs kept in the model's metadata_props. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** The model file's bytes. */
export function encodeOnnxModel(
  graph: GraphBuilder,
  name: string,
  info: OnnxModelInfo,
): Uint8Array {
  const message = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [
      { domain: '', version: ONNX_OPSET },
      { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
    ],
    producerName: 'retem',
    producerVersion: info.producerVersion,
    docString: info.doc,
    metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name,
      node: graph.nodes.map((node) => ({
        opType: node.opType,
        domain: node.domain,
        name: node.name,
        input: [...node.inputs],
        output: [...node.outputs],
        attribute: node.attributes.map(attributeProto),
      })),
      initializer: graph.initializers.map(tensorProto),
      input: graph.inputs.map(valueInfoProto),
      output: graph.outputs.map(valueInfoProto),
    },
  });
  return onnx.ModelProto.encode(message).finish();
}

const TEXT = new TextEncoder();

function attributeProto(attribute: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  switch (attribute.kind) {
    case 'int':
      return { name: attribute.name, type: types.INT, i: attribute.value };
    case 'float':
      return { name: attribute.name, type: types.FLOAT, f: attribute.value };
    case 'ints':
      return { name: attribute.name, type: types.INTS, ints: [...attribute.value] };
    case 'strings':
      return {
        name: attribute.name,
        type: types.STRINGS,
        strings: attribute.value.map((s) => TEXT.encode(s)),
      };
  }
}

function tensorProto(tensor: OnnxInitializer): onnxProto.onnx.ITensorProto {
  const base = { name: tensor.name, dims: [...tensor.dims], dataType: ONNX_TYPE[tensor.data.type] };
  const data = tensor.data;
  switch (data.type) {
    case 'float':
      return { ...base, rawData: new Uint8Array(Float32Array.from(data.values).buffer) };
    case 'double':
      return { ...base, rawData: new Uint8Array(Float64Array.from(data.values).buffer) };
    case 'int64':
      return {
        ...base,
        rawData: new Uint8Array(BigInt64Array.from(data.values, (v) => BigInt(v)).buffer),
      };
    case 'bool':
      return { ...base, rawData: Uint8Array.from(data.values, (b) => (b ? 1 : 0)) };
    case 'string':
      return { ...base, stringData: data.values.map((s) => TEXT.encode(s)) };
  }
}

function valueInfoProto(info: OnnxValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name: info.name,
    ...(info.doc !== undefined ? { docString: info.doc } : {}),
    type: {
      tensorType: {
        elemType: ONNX_TYPE[info.type],
        shape: {
          dim: info.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}
