# Всё, что нужно новичку: make demo и make test. Окружение .venv создаётся при первом запуске.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Точные версии, с которыми проект проверен (constraints.txt); в pyproject.toml — допустимые диапазоны.
# setuptools сообщает о каждой установке в режиме -e (UserWarning «Editable installation»): это не ошибка.
PIP := PYTHONWARNINGS=ignore::UserWarning $(BIN)/pip install --quiet --constraint constraints.txt

.PHONY: demo lint test test-fast bench dist clean

# Программа и то, что нужно ей самой (без средств тестирования).
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(PIP) -e .
	touch $@

# Плюс pytest и Playwright для тестов.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/zapiska build data/kavkazsky-raion/2021-H1.yaml

# ruff и mypy: с них начинаются и test, и test-fast.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

# Быстрый круг во время работы: без медленных тестов, PDF и браузера (make test — все).
test-fast: lint
	$(BIN)/pytest -q -m "not slow and not pdf and not browser"

# Скорость и память на этой машине против целей (около двух минут).
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Пакет для установки на рабочие компьютеры (README, «Установка»).
dist: $(VENV)/.installed
	$(BIN)/pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) out build dist *.egg-info
