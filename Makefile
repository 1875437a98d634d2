# Всё, что нужно новичку: make demo и make test. Окружение .venv создаётся при первом запуске.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zapiska build data/kavkazsky-raion/2021-H1.yaml

test: $(STAMP)
	$(BIN)/pytest -q

# Скорость и память на этой машине против целей (около двух минут).
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out
