# Scanner container image: the Rust scanner as the Lambda runtime plus the
# QScanner binary you download from Qualys. docker when a daemon answers,
# otherwise podman. See images/scanner/README.md.

PLATFORM         ?= linux/amd64
QSCANNER_PATH    ?=
SCANNER_BIN      ?= target/lambda/scanner/bootstrap
BASE_IMAGE       ?= public.ecr.aws/lambda/provided:al2023
IMAGE_NAME       ?= localhost/lambda-qscanner-scanner
IMAGE_TAG        ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
IMAGE            ?= $(IMAGE_NAME):$(IMAGE_TAG)
QSCANNER_VERSION ?= unknown
ECR_REPO         ?=
CONTAINER_ENGINE ?=

.PHONY: build-image push-image image-test scanner-bin image-args

# cargo lambda writes the same path for both architectures; build.sh checks
# the ELF header against PLATFORM, so a stale binary of the other one fails.
$(SCANNER_BIN):
	@cargo lambda --version >/dev/null 2>&1 || { echo "$(SCANNER_BIN) is missing and cargo-lambda is not installed (pip install cargo-lambda, or pass SCANNER_BIN=...)" >&2; exit 2; }
	cargo lambda build --release -p scanner $(if $(filter linux/arm64,$(PLATFORM)),--arm64,)

scanner-bin: $(SCANNER_BIN) ## build the scanner binary for the image (cargo lambda build --release -p scanner [--arm64])

image-args:
	@test -n "$(QSCANNER_PATH)" || { echo "set QSCANNER_PATH to the QScanner binary downloaded from Qualys" >&2; exit 2; }

build-image: image-args $(SCANNER_BIN) ## build the scanner image: QSCANNER_PATH=<qscanner binary> [PLATFORM=linux/amd64|linux/arm64] [IMAGE=...]
	QSCANNER_PATH="$(QSCANNER_PATH)" SCANNER_BIN="$(SCANNER_BIN)" PLATFORM="$(PLATFORM)" IMAGE="$(IMAGE)" \
	  BASE_IMAGE="$(BASE_IMAGE)" VERSION="$(IMAGE_TAG)" QSCANNER_VERSION="$(QSCANNER_VERSION)" \
	  CONTAINER_ENGINE="$(CONTAINER_ENGINE)" images/scanner/build.sh

push-image: ## push IMAGE to ECR_REPO=<account>.dkr.ecr.<region>.amazonaws.com/<repo>; prints the digest URI for scanner_image_uri
	@test -n "$(ECR_REPO)" || { echo "set ECR_REPO=<account>.dkr.ecr.<region>.amazonaws.com/<repository>" >&2; exit 2; }
	ECR_REPO="$(ECR_REPO)" IMAGE="$(IMAGE)" CONTAINER_ENGINE="$(CONTAINER_ENGINE)" images/scanner/push.sh

image-test: ## build test images offline (local base, placeholder binaries, amd64 + arm64) and check entrypoint and contents
	CONTAINER_ENGINE="$(CONTAINER_ENGINE)" images/scanner/test-image.sh
