/**
 * Models and their reference inference: tensors ({@link jaguar.nn.Tensor}), the layer graph
 * ({@link jaguar.nn.Model}, {@link jaguar.nn.Layer}), the model zoo ({@link jaguar.nn.ModelZoo}:
 * torchvision ResNet-18/50 and MobileNetV2, small 28x28 networks), batch-norm folding, weight files
 * ({@link jaguar.nn.Safetensors}, torchvision state-dict names), synthetic weights and images, FP32
 * inference and training ({@link jaguar.nn.FloatInference}, {@link jaguar.nn.Trainer}), Fashion-MNIST
 * ({@link jaguar.nn.FashionMnist}) and the fixed-point engine whose outputs the secure protocols
 * must reproduce bit for bit ({@link jaguar.nn.FixedPointInference}). Uses only {@code jaguar.math}.
 */
package jaguar.nn;
