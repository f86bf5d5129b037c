package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one ONNX graph with the protobuf classes Tribuo generated from ONNX's {@code onnx-ml.proto}: named inputs and
 * outputs with a free batch dimension, constants as initializers, and nodes whose outputs get fresh names. One graph
 * per instance; not thread-safe.
 */
final class GraphBuilder {

    /** The ONNX domain of the ML operators (LabelEncoder, TreeEnsemble). */
    static final String ML_DOMAIN = "ai.onnx.ml";
    /** Opset of the default domain: Softmax, ArgMax, Squeeze with their opset-13 signatures. */
    static final int ONNX_OPSET = 21;
    /** Opset of {@value #ML_DOMAIN}: 3 gives the tree ensembles double thresholds and leaf values ({@code *_as_tensor}). */
    static final int ML_OPSET = 3;
    /** ONNX IR version 10 (ONNX 1.16), which the opsets above belong to. */
    static final long IR_VERSION = 10;
    /** Name of the batch dimension of every input and output. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph;
    private int names;

    GraphBuilder(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    /** Declares an input of shape {@code [N, 1]}. */
    void input(String name, TensorProto.DataType type) {
        graph.addInput(valueInfo(name, type, List.of(-1L, 1L)));
    }

    /** Declares {@code value} a graph output named {@code name} of the given shape ({@code -1} is the batch dimension). */
    void output(String value, String name, TensorProto.DataType type, long... shape) {
        String produced = value.equals(name) ? value : node("Identity", List.of(value), Map.of(), name);
        graph.addOutput(valueInfo(produced, type, Arrays.stream(shape).boxed().toList()));
    }

    String doubles(String hint, double[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(Double.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asDoubleBuffer().put(values);
        return initializer(tensor(hint, TensorProto.DataType.DOUBLE, dims).setRawData(ByteString.copyFrom(raw.array())));
    }

    String longs(String hint, long[] values, long... dims) {
        return initializer(tensor(hint, TensorProto.DataType.INT64, dims).addAllInt64Data(Arrays.stream(values).boxed().toList()));
    }

    String strings(String hint, List<String> values, long... dims) {
        return initializer(tensor(hint, TensorProto.DataType.STRING, dims).addAllStringData(values.stream().map(ByteString::copyFromUtf8).toList()));
    }

    /** A node of the default domain; returns its output's name. */
    String node(String op, List<String> inputs, Map<String, AttributeProto> attributes) {
        return node(op, inputs, attributes, fresh(op));
    }

    /** A node of {@value #ML_DOMAIN}; returns its output's name. */
    String mlNode(String op, List<String> inputs, Map<String, AttributeProto> attributes) {
        String output = fresh(op);
        graph.addNode(nodeProto(op, inputs, attributes, output).setDomain(ML_DOMAIN));
        return output;
    }

    /** The model: the graph, the opsets it uses, and {@code metadata} as the model's metadata properties. */
    byte[] toModel(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("streamtrain")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(ONNX_OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build().toByteArray();
    }

    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto strings(String name, List<String> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS)
                .addAllStrings(values.stream().map(ByteString::copyFromUtf8).toList()).build();
    }

    /** A tensor attribute holding {@code values} as a 1-D double tensor. */
    static AttributeProto doubleTensor(String name, double[] values) {
        ByteBuffer raw = ByteBuffer.allocate(Double.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asDoubleBuffer().put(values);
        TensorProto tensor = TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(values.length)
                .setRawData(ByteString.copyFrom(raw.array())).build();
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(tensor).build();
    }

    /** A tensor attribute holding {@code values} as a 1-D uint8 tensor. */
    static AttributeProto byteTensor(String name, byte[] values) {
        TensorProto tensor = TensorProto.newBuilder().setDataType(TensorProto.DataType.UINT8_VALUE).addDims(values.length)
                .setRawData(ByteString.copyFrom(values)).build();
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(tensor).build();
    }

    private String node(String op, List<String> inputs, Map<String, AttributeProto> attributes, String output) {
        graph.addNode(nodeProto(op, inputs, attributes, output));
        return output;
    }

    private NodeProto.Builder nodeProto(String op, List<String> inputs, Map<String, AttributeProto> attributes, String output) {
        // Attributes in name order, so the same model always gives the same bytes.
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList());
    }

    private TensorProto.Builder tensor(String hint, TensorProto.DataType type, long... dims) {
        return TensorProto.newBuilder().setName(fresh(hint)).setDataType(type.getNumber()).addAllDims(Arrays.stream(dims).boxed().toList());
    }

    private String initializer(TensorProto.Builder tensor) {
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** A name no feature (an input) can have: Avro field names, which feature names are, hold no {@code /}. */
    private String fresh(String hint) {
        return "streamtrain/" + hint + "_" + names++;
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, List<Long> shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (long dim : shape) {
            dims.addDim(dim < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH) : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims)))
                .build();
    }
}
