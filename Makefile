# Jaguar: every entry point a user needs. `make help` lists them.
SHELL := /bin/bash
MVN   ?= mvn -B
JAR   := target/jaguar.jar
FASHION_MNIST := /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
# make reproduce            -> quick variants of every experiment (a few minutes)
# make reproduce FULL=1     -> every experiment at the paper's scale
SCALE := $(if $(FULL),--full,--quick)

.PHONY: help build test reproduce quick figures bench data clean verify-shapes

help:
	@echo "make reproduce [FULL=1]  run every experiment in configs/ (quick by default), write results/ and figures/"
	@echo "make test                build and run every test"
	@echo "make quick               build, verify a few conv shapes on every engine, run the quick experiments"
	@echo "make figures             regenerate figures/ from results/ alone"
	@echo "make bench               JMH microbenchmarks of the inner kernels"
	@echo "make verify-shapes       bin/jaguar verify conv on all 125 ResNet-18/50 and MobileNetV2 conv shapes, every protocol"
	@echo "make build               compile and package target/jaguar.jar"
	@echo "make data                install Fashion-MNIST from Debian (dataset-fashion-mnist)"

build: $(JAR)

$(JAR): pom.xml $(shell find src/main src/jmh -type f 2>/dev/null)
	$(MVN) -DskipTests package

# Fashion-MNIST comes from Debian's package; install it when missing (root or sudo).
data: $(FASHION_MNIST)
$(FASHION_MNIST):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y dataset-fashion-mnist || \
	  { $$SUDO apt-get update && $$SUDO apt-get install -y dataset-fashion-mnist; }

test: data
	$(MVN) verify

reproduce: build data
	bin/jaguar reproduce $(SCALE)

quick: build data
	bin/jaguar reproduce --quick

figures: build
	bin/jaguar figures

bench: build
	java --add-modules jdk.incubator.vector -cp "$(JAR):target/lib/*" org.openjdk.jmh.Main $(BENCH_ARGS)

# Every conv shape of ResNet-18/50 and MobileNetV2 through `bin/jaguar verify conv`, one JVM per
# run; prints one verdict per (shape, protocol) and fails if any is not exact (about 20 min).
VERIFY_PROTOCOLS ?= jaguar jaguar-hybrid cheetah-ntt cheetah
verify-shapes: build
	@fail=0; total=0; \
	while IFS=, read -r model layer type H W ci co k s p g; do \
	  for proto in $(VERIFY_PROTOCOLS); do \
	    total=$$((total + 1)); \
	    line=$$(bin/jaguar verify conv --protocol $$proto --H $$H --W $$W --ci $$ci --co $$co --k $$k \
	      --stride $$s --pad $$p --groups $$g --seed 7 2>&1 | grep -v '^WARNING: Using incubator' | tail -n 1); \
	    echo "$$model/$$layer $$type $$proto: $$line"; \
	    case "$$line" in "verify conv: OK"*) ;; *) fail=$$((fail + 1));; esac; \
	  done; \
	done < <(tail -n +2 src/main/resources/jaguar/paper/conv_shapes.csv | tr -d '\r'); \
	echo "verify-shapes: $$((total - fail)) of $$total runs exact"; test $$fail -eq 0

clean:
	$(MVN) clean
