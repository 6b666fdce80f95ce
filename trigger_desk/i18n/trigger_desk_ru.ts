<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AskAs</name>
    <message>
        <source>{text}: each {{{{...}}}} must hold a variable name (letters, digits, _ . -)</source>
        <translation>{text}: в каждом {{{{...}}}} должно быть имя переменной (буквы, цифры, _ . -)</translation>
    </message>
</context>
<context>
    <name>AskAsBox</name>
    <message>
        <source>Values</source>
        <translation>Значения</translation>
    </message>
    <message>
        <source>This call takes no fields.</source>
        <translation>У этого вызова нет полей.</translation>
    </message>
    <message>
        <source>Tick “Ask as” to ask for a field each time the preset is used (before it is fired): a variable name (deal) asks for the whole value; the value with {{variable}} in it (DEAL_{{deal}}) asks for that part only.</source>
        <translation>Отметьте «Спрашивать как», чтобы поле спрашивалось при каждом использовании пресета (перед запуском): имя переменной (deal) спрашивает всё значение; значение с {{variable}} внутри (DEAL_{{deal}}) спрашивает только эту часть.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Value saved</source>
        <translation>Сохраняемое значение</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Переменная</translation>
    </message>
    <message>
        <source>Value of {name}</source>
        <translation>Значение {name}</translation>
    </message>
    <message>
        <source>Ask as</source>
        <translation>Спрашивать как</translation>
    </message>
    <message>
        <source>Make {name} a variable</source>
        <translation>Сделать {name} переменной</translation>
    </message>
    <message>
        <source>Variable name for {name}</source>
        <translation>Имя переменной для {name}</translation>
    </message>
    <message>
        <source>{name}, or {example}</source>
        <translation>{name} или {example}</translation>
    </message>
    <message>
        <source>A variable name asks for the whole value; write the value with {{name}} where the asked part goes to ask for a part (DEAL_{{deal}}).</source>
        <translation>Имя переменной спрашивает всё значение; чтобы спросить часть, впишите значение с {{name}} на месте этой части (DEAL_{{deal}}).</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>Fire for many: {call} with {profile}</source>
        <translation>Массовый запуск: {call}, профиль {profile}</translation>
    </message>
    <message>
        <source>Fire for many</source>
        <translation>Массовый запуск</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Retrying failed items</source>
        <translation>Повтор элементов с ошибкой</translation>
    </message>
    <message>
        <source>Items file: choose a CSV file first</source>
        <translation>Файл элементов: сначала выберите CSV-файл</translation>
    </message>
    <message>
        <source>No items: give at least one.</source>
        <translation>Нет элементов: укажите хотя бы один.</translation>
    </message>
    <message>
        <source>Sending {n:,} items</source>
        <translation>Отправка элементов: {n:,}</translation>
    </message>
    <message>
        <source>Resuming the run</source>
        <translation>Продолжение запуска</translation>
    </message>
    <message>
        <source>The run stopped: {why}</source>
        <translation>Запуск остановлен: {why}</translation>
    </message>
    <message>
        <source>Export results as CSV</source>
        <translation>Экспорт результатов в CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-файлы (*.csv)</translation>
    </message>
    <message>
        <source>{n:,} items written to {path}.</source>
        <translation>В {path} записано элементов: {n:,}.</translation>
    </message>
    <message>
        <source>Fir&amp;e for many…</source>
        <translation>&amp;Массовый запуск…</translation>
    </message>
    <message>
        <source>Fire this call once per item of a CSV file or a pasted list, paced and resumable</source>
        <translation>Запустить этот вызов для каждого элемента из CSV-файла или вставленного списка: в темпе лимитов, с возможностью продолжить</translation>
    </message>
    <message>
        <source>Add a {platform} profile first (Add… next to Profile).</source>
        <translation>Сначала добавьте профиль {platform} (кнопка «Добавить…» рядом с «Профиль»).</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Will send</source>
        <translation>Будет отправлено</translation>
    </message>
    <message>
        <source>OK</source>
        <comment>the row passed the check</comment>
        <translation>Без ошибок</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Успешно</translation>
    </message>
    <message>
        <source>⚠ Bad: see the marked cell</source>
        <translation>⚠ Ошибка: см. отмеченную ячейку</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Элемент</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>History #</source>
        <translation>№ вызова</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} с</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} мин</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} ч {m} мин</translation>
    </message>
    <message>
        <source>{n:,} items</source>
        <translation>Элементов: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} item</source>
        <translation>Элементов: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} requests</source>
        <translation>запросов: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} request</source>
        <translation>запросов: {n:,}</translation>
    </message>
    <message>
        <source>about {time} at your plan&apos;s limit</source>
        <translation>около {time} при лимите вашего тарифа</translation>
    </message>
    <message>
        <source>at once (within your plan&apos;s limit)</source>
        <translation>сразу (в пределах лимита вашего тарифа)</translation>
    </message>
    <message>
        <source>{n:,} ok</source>
        <translation>успешно: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} failed</source>
        <translation>с ошибкой: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} without answer</source>
        <translation>без ответа: {n:,}</translation>
    </message>
    <message>
        <source>{n:,} not sent</source>
        <translation>не отправлено: {n:,}</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>No answer (unknown)</source>
        <translation>Нет ответа (неизвестно)</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Не отправлен</translation>
    </message>
    <message>
        <source>On the wire</source>
        <translation>Ждёт ответа</translation>
    </message>
</context>
<context>
    <name>CallForm</name>
    <message>
        <source>Fields</source>
        <translation>Поля</translation>
    </message>
    <message>
        <source>Use the SDK&apos;s path</source>
        <translation>Адрес SDK</translation>
    </message>
    <message>
        <source>Use the alternate path</source>
        <translation>Использовать запасной адрес</translation>
    </message>
    <message>
        <source>{path} is the documented path; this sends to {alternate} instead (the Wix JavaScript SDK&apos;s address).</source>
        <translation>{path} — документированный адрес; с этой отметкой запрос уйдёт на {alternate} (адрес JavaScript SDK Wix).</translation>
    </message>
    <message>
        <source>When the documented path answers 404, try the SDK&apos;s.</source>
        <translation>Если документированный адрес отвечает 404, попробуйте адрес SDK.</translation>
    </message>
    <message>
        <source>{mark} required</source>
        <translation>{mark} обязательно</translation>
    </message>
    <message>
        <source>This call takes no fields: Fire sends it as it is.</source>
        <translation>У этого вызова нет полей: «Запустить» отправит его как есть.</translation>
    </message>
    <message>
        <source>Payload ({key})</source>
        <translation>Данные ({key})</translation>
    </message>
</context>
<context>
    <name>CallPicker</name>
    <message>
        <source> or </source>
        <translation> или </translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Справочник</translation>
    </message>
    <message>
        <source>Auth: {kinds}</source>
        <translation>Авторизация: {kinds}</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Вызов</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>No call chosen</source>
        <translation>Вызов не выбран</translation>
    </message>
</context>
<context>
    <name>ChoiceCombo</name>
    <message>
        <source>choose, or type an id, e.g. {example}</source>
        <translation>выберите или введите id, например {example}</translation>
    </message>
</context>
<context>
    <name>CodePicker</name>
    <message>
        <source>Choose one of the application&apos;s triggers, or type a code</source>
        <translation>Выберите один из триггеров приложения или введите код</translation>
    </message>
    <message>
        <source>The trigger list needs an OAuth profile; type the code.</source>
        <translation>Для списка триггеров нужен OAuth-профиль; введите код вручную.</translation>
    </message>
    <message>
        <source>Loading the application&apos;s triggers…</source>
        <translation>Загрузка триггеров приложения…</translation>
    </message>
    <message>
        <source>This application has registered no triggers.</source>
        <translation>Это приложение не зарегистрировало ни одного триггера.</translation>
    </message>
    <message>
        <source>Could not list the triggers: %1</source>
        <translation>Не удалось получить список триггеров: %1</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>Diff with last success</source>
        <translation>Сравнение с последним успешным</translation>
    </message>
    <message>
        <source>Close diff</source>
        <translation>Закрыть сравнение</translation>
    </message>
    <message>
        <source>Diff with last success: {call} ({profile})</source>
        <translation>Сравнение с последним успешным: {call} ({profile})</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Diff summary</source>
        <translation>Сводка различий</translation>
    </message>
    <message>
        <source>Last successful call</source>
        <translation>Последний успешный вызов</translation>
    </message>
    <message>
        <source>This call</source>
        <translation>Этот вызов</translation>
    </message>
    <message>
        <source>Last success: #{id}, {time}</source>
        <translation>Последний успешный: №{id}, {time}</translation>
    </message>
    <message>
        <source>This call: #{id}, {time}</source>
        <translation>Этот вызов: №{id}, {time}</translation>
    </message>
    <message>
        <source>{title} ({profile}): request and response match the last successful call (request ids and dates left out).</source>
        <translation>{title} ({profile}): запрос и ответ совпадают с последним успешным вызовом (id запросов и даты не сравниваются).</translation>
    </message>
    <message>
        <source>{title} ({profile}) against its last successful call: {request} in the request, {response} in the response. Marked lines: ~ changed, - only in the successful call, + only in this call (request ids and dates left out).</source>
        <translation>{title} ({profile}) в сравнении с последним успешным вызовом: в запросе {request}, в ответе {response}. Отмечены строки: ~ изменена, - только в успешном вызове, + только в этом вызове (id запросов и даты не сравниваются).</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>без изменений</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) differ</source>
        <translation>
            <numerusform>различается %n строка</numerusform>
            <numerusform>различаются %n строки</numerusform>
            <numerusform>различаются %n строк</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Add your portal&apos;s inbound webhook URL (Developer resources → Other → Inbound webhook, with the CRM scope), or an application&apos;s OAuth tokens.</source>
        <translation>Добавьте адрес входящего вебхука вашего портала (Разработчикам → Другое → Входящий вебхук, с правом доступа CRM) или OAuth-токены приложения.</translation>
    </message>
    <message>
        <source>Add a Wix API key with the site id, or your app&apos;s id, secret and instance id.</source>
        <translation>Добавьте API-ключ Wix и ID сайта или ID, секрет и ID экземпляра вашего приложения.</translation>
    </message>
    <message>
        <source>No {platform} profile yet</source>
        <translation>Профиля {platform} пока нет</translation>
    </message>
    <message>
        <source>No account at hand? The sandbox emulates both platforms on this computer, with their documented rules and errors: fire your first trigger in a minute.</source>
        <translation>Нет учётной записи под рукой? Песочница имитирует обе платформы на этом компьютере, с их документированными правилами и ошибками: запустите первый триггер за минуту.</translation>
    </message>
    <message>
        <source>&amp;Add a profile…</source>
        <translation>&amp;Добавить профиль…</translation>
    </message>
    <message>
        <source>Add a profile</source>
        <translation>Добавить профиль</translation>
    </message>
    <message>
        <source>Try the &amp;sandbox</source>
        <translation>Попробовать &amp;песочницу</translation>
    </message>
    <message>
        <source>Try the sandbox</source>
        <translation>Попробовать песочницу</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Trigger Desk — unexpected error</source>
        <translation>Trigger Desk — непредвиденная ошибка</translation>
    </message>
    <message>
        <source>Something went wrong inside Trigger Desk:

{message}

The window keeps working; nothing you entered was lost.</source>
        <translation>Внутри Trigger Desk что-то пошло не так:

{message}

Окно продолжает работать; ничего из введённого не потеряно.</translation>
    </message>
    <message>
        <source>The details are also in the log: {path}</source>
        <translation>Подробности есть и в журнале: {path}</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Сообщение об ошибке</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Подробности ошибки</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Подробности</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>&amp;Копировать подробности</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Копировать подробности</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <source>A whole number.</source>
        <translation>Целое число.</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>например {example}</translation>
    </message>
    <message>
        <source>Format: {rule}.</source>
        <translation>Формат: {rule}.</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Обязательное</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Необязательное</translation>
    </message>
    <message>
        <source>From preset “{preset}”</source>
        <translation>Из пресета «{preset}»</translation>
    </message>
</context>
<context>
    <name>FindItemDialog</name>
    <message>
        <source>Find an item on %1</source>
        <translation>Найти элемент на портале %1</translation>
    </message>
    <message>
        <source>Find an item</source>
        <translation>Найти элемент</translation>
    </message>
    <message>
        <source>CRM type</source>
        <translation>Тип CRM</translation>
    </message>
    <message>
        <source>LEAD, DEAL, QUOTE, SMART_INVOICE or DYNAMIC_&lt;id&gt;</source>
        <translation>LEAD (лид), DEAL (сделка), QUOTE (предложение), SMART_INVOICE (счёт) или DYNAMIC_&lt;id&gt; (смарт-процесс)</translation>
    </message>
    <message>
        <source>Title contains</source>
        <translation>Название содержит</translation>
    </message>
    <message>
        <source>Part of the title, any case (Latin or Cyrillic)</source>
        <translation>Часть названия, в любом регистре (латиница или кириллица)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Refresh the results</source>
        <translation>Обновить результаты</translation>
    </message>
    <message>
        <source>Look up again, ignoring kept answers (F5)</source>
        <translation>Искать заново, не используя сохранённые ответы (F5)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Stop the look-up</source>
        <translation>Остановить поиск</translation>
    </message>
    <message>
        <source>Matching items</source>
        <translation>Найденные элементы</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Элемент</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Type at least %1 characters of a title.</source>
        <translation>Введите не менее %1 символов названия.</translation>
    </message>
    <message>
        <source>Look-up status</source>
        <translation>Состояние поиска</translation>
    </message>
    <message>
        <source>Use this item</source>
        <translation>Выбрать этот элемент</translation>
    </message>
    <message>
        <source>Use the selected item</source>
        <translation>Использовать выбранный элемент</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Тип:</translation>
    </message>
    <message>
        <source>&amp;Title contains:</source>
        <translation>&amp;Название содержит:</translation>
    </message>
    <message>
        <source>Look-up stopped.</source>
        <translation>Поиск остановлен.</translation>
    </message>
    <message>
        <source>Looking up “%1”…</source>
        <translation>Поиск «%1»…</translation>
    </message>
    <message>
        <source>Items found: %1. Up/Down to choose, Enter to use.</source>
        <translation>Найдено элементов: %1. Стрелки вверх/вниз — выбор, Enter — использовать.</translation>
    </message>
    <message>
        <source>No item has this in its title.</source>
        <translation>Ни в одном названии элемента этого нет.</translation>
    </message>
    <message>
        <source>The look-up failed: %1</source>
        <translation>Поиск не удался: %1</translation>
    </message>
</context>
<context>
    <name>GuidEditor</name>
    <message>
        <source>e.g. {example}</source>
        <translation>например {example}</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Создать</translation>
    </message>
    <message>
        <source>Generate {name}</source>
        <translation>Создать {name}</translation>
    </message>
    <message>
        <source>Fill {name} with a new random GUID</source>
        <translation>Заполнить {name} новым случайным GUID</translation>
    </message>
</context>
<context>
    <name>HistoryActions</name>
    <message>
        <source>Re-run</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Fire this request again, as it was</source>
        <translation>Запустить этот запрос снова, как был</translation>
    </message>
    <message>
        <source>Load into form</source>
        <translation>В форму</translation>
    </message>
    <message>
        <source>Put this call in the form to edit and fire</source>
        <translation>Перенести этот вызов в форму, чтобы изменить и запустить</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>Копировать как cURL</translation>
    </message>
    <message>
        <source>Copy a cURL command; secrets appear as $TRIGGER_DESK_… variables</source>
        <translation>Скопировать команду cURL; секреты в ней — переменные $TRIGGER_DESK_…</translation>
    </message>
    <message>
        <source>Diff with last success</source>
        <translation>Сравнить с успешным</translation>
    </message>
    <message>
        <source>Compare with the last successful call of this call and profile</source>
        <translation>Сравнить с последним успешным вызовом этого вызова и профиля</translation>
    </message>
    <message>
        <source>Cancel this event</source>
        <translation>Отменить это событие</translation>
    </message>
    <message>
        <source>Prefill CancelEvent with this event&apos;s trigger key and externalEntityId</source>
        <translation>Заполнить CancelEvent ключом триггера и externalEntityId этого события</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>Сохранить как пресет</translation>
    </message>
    <message>
        <source>Save this call as a reusable preset</source>
        <translation>Сохранить этот вызов как пресет для повторного использования</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Delete the selected calls from history</source>
        <translation>Удалить выбранные вызовы из истории</translation>
    </message>
    <message>
        <source>History actions</source>
        <translation>Действия с историей</translation>
    </message>
    <message>
        <source>More history actions</source>
        <translation>Другие действия с историей</translation>
    </message>
    <message>
        <source>History actions menu</source>
        <translation>Меню действий с историей</translation>
    </message>
</context>
<context>
    <name>HistoryDetails</name>
    <message>
        <source>Select a call to see what was sent, what came back and what it means.</source>
        <translation>Выберите вызов, чтобы увидеть, что отправлено, что пришло в ответ и что это значит.</translation>
    </message>
    <message>
        <source>Call details</source>
        <translation>Подробности вызова</translation>
    </message>
    <message>
        <source>No call selected</source>
        <translation>Вызов не выбран</translation>
    </message>
    <message>
        <source>Outcome icon</source>
        <translation>Значок результата</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Что делать</translation>
    </message>
    <message>
        <source>Platform&apos;s error</source>
        <translation>Ошибка платформы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>Диагноз</translation>
    </message>
    <message>
        <source>Cause:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>Next step:</source>
        <translation>Что делать:</translation>
    </message>
    <message>
        <source>Platform said:</source>
        <translation>Ответ платформы:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Заметки:</translation>
    </message>
    <message>
        <source>Platform request id:</source>
        <translation>ID запроса на платформе:</translation>
    </message>
    <message>
        <source>Platform request id</source>
        <translation>ID запроса на платформе</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy platform request id</source>
        <translation>Копировать ID запроса на платформе</translation>
    </message>
    <message>
        <source>Copy the id platform support asks for</source>
        <translation>Скопировать id, который спрашивает поддержка платформы</translation>
    </message>
    <message>
        <source>Request, response and timing</source>
        <translation>Запрос, ответ и время</translation>
    </message>
    <message>
        <source>&amp;Timing</source>
        <translation>&amp;Время</translation>
    </message>
    <message>
        <source>Outcome: {word}</source>
        <translation>Результат: {word}</translation>
    </message>
    <message>
        <source>no HTTP answer</source>
        <translation>нет HTTP-ответа</translation>
    </message>
    <message>
        <source>{status} in {time}</source>
        <translation>{status} за {time}</translation>
    </message>
    <message>
        <source>profile {name}</source>
        <translation>профиль {name}</translation>
    </message>
    <message>
        <source>(none in this answer)</source>
        <translation>(нет в этом ответе)</translation>
    </message>
    <message>
        <source>Check on the platform whether the call arrived before firing it again.</source>
        <translation>Прежде чем запускать снова, проверьте на платформе, дошёл ли вызов.</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Ошибка:</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Запрос</translation>
    </message>
    <message>
        <source>Res&amp;ponse</source>
        <translation>&amp;Ответ</translation>
    </message>
</context>
<context>
    <name>HistoryFilterBar</name>
    <message>
        <source>Platform filter</source>
        <translation>Фильтр по платформе</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>Все платформы</translation>
    </message>
    <message>
        <source>Call filter</source>
        <translation>Фильтр по вызову</translation>
    </message>
    <message>
        <source>All calls</source>
        <translation>Все вызовы</translation>
    </message>
    <message>
        <source>Profile filter</source>
        <translation>Фильтр по профилю</translation>
    </message>
    <message>
        <source>All profiles</source>
        <translation>Все профили</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>Фильтр по результату</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>Все итоги</translation>
    </message>
    <message>
        <source>URLs, bodies, errors</source>
        <translation>Адреса, тела, ошибки</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Поиск по истории</translation>
    </message>
    <message>
        <source>Every word must appear in the request, the response or the error</source>
        <translation>Каждое слово должно встретиться в запросе, ответе или ошибке</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>П&amp;оиск:</translation>
    </message>
</context>
<context>
    <name>HistoryPane</name>
    <message>
        <source>Call history</source>
        <translation>История вызовов</translation>
    </message>
    <message>
        <source>Could not use the history: {error}</source>
        <translation>Не удалось обратиться к истории: {error}</translation>
    </message>
    <message>
        <source>Copied the id support can find this call by.</source>
        <translation>Скопирован id, по которому поддержка найдёт этот вызов.</translation>
    </message>
    <message>
        <source>Calls shown</source>
        <translation>Показано вызовов</translation>
    </message>
    <message>
        <source>History unavailable.</source>
        <translation>История недоступна.</translation>
    </message>
</context>
<context>
    <name>HistoryRetention</name>
    <message>
        <source>History retention</source>
        <translation>Хранение истории</translation>
    </message>
    <message>
        <source>all calls</source>
        <translation>все вызовы</translation>
    </message>
    <message>
        <source>the last N calls</source>
        <translation>последние N вызовов</translation>
    </message>
    <message>
        <source>calls of the last N days</source>
        <translation>вызовы за последние N дней</translation>
    </message>
    <message>
        <source>Retention amount</source>
        <translation>Сколько хранить</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Apply retention</source>
        <translation>Применить хранение</translation>
    </message>
    <message>
        <source>Delete the calls outside this limit now</source>
        <translation>Удалить вызовы за пределами этого лимита сейчас</translation>
    </message>
    <message>
        <source>&amp;Keep:</source>
        <translation>&amp;Хранить:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source> calls</source>
        <translation> выз.</translation>
    </message>
</context>
<context>
    <name>HistoryTable</name>
    <message>
        <source>History table</source>
        <translation>Таблица истории</translation>
    </message>
    <message>
        <source>History columns</source>
        <translation>Столбцы истории</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Платформа</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Элемент</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>{time} (call #{id})</source>
        <translation>{time} (вызов №{id})</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Total ms</source>
        <translation>Всего, мс</translation>
    </message>
</context>
<context>
    <name>HistoryWords</name>
    <message numerus="yes">
        <source>%Ln call(s)</source>
        <translation>
            <numerusform>%Ln вызов</numerusform>
            <numerusform>%Ln вызова</numerusform>
            <numerusform>%Ln вызовов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing {shown} of %Ln call(s)</source>
        <translation>
            <numerusform>Показано {shown} из %Ln вызова</numerusform>
            <numerusform>Показано {shown} из %Ln вызовов</numerusform>
            <numerusform>Показано {shown} из %Ln вызовов</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this call from the history? This cannot be undone.</source>
        <translation>Удалить этот вызов из истории? Отменить это нельзя.</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %Ln calls from the history? This cannot be undone.</source>
        <translation>
            <numerusform>Удалить эти %Ln вызов из истории? Отменить это нельзя.</numerusform>
            <numerusform>Удалить эти %Ln вызова из истории? Отменить это нельзя.</numerusform>
            <numerusform>Удалить эти %Ln вызовов из истории? Отменить это нельзя.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln call(s).</source>
        <translation>
            <numerusform>Удалён %Ln вызов.</numerusform>
            <numerusform>Удалено %Ln вызова.</numerusform>
            <numerusform>Удалено %Ln вызовов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retention applied: removed %Ln older call(s).</source>
        <translation>
            <numerusform>Хранение применено: удалён %Ln старый вызов.</numerusform>
            <numerusform>Хранение применено: удалено %Ln старых вызова.</numerusform>
            <numerusform>Хранение применено: удалено %Ln старых вызовов.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InFlightList</name>
    <message>
        <source>Calls in flight</source>
        <translation>Выполняемые вызовы</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Cancel {call} (call {key})</source>
        <translation>Отменить {call} (вызов {key})</translation>
    </message>
    <message>
        <source>Stop waiting for this call&apos;s answer</source>
        <translation>Перестать ждать ответа на этот вызов</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in flight (scroll for all):</source>
        <translation>
            <numerusform>%n вызов выполняется (прокрутите, чтобы увидеть все):</numerusform>
            <numerusform>%n вызова выполняются (прокрутите, чтобы увидеть все):</numerusform>
            <numerusform>%n вызовов выполняются (прокрутите, чтобы увидеть все):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in flight</source>
        <translation>
            <numerusform>%n вызов выполняется</numerusform>
            <numerusform>%n вызова выполняются</numerusform>
            <numerusform>%n вызовов выполняются</numerusform>
        </translation>
    </message>
    <message>
        <source>{call} — waiting {seconds} s</source>
        <translation>{call} — ожидание {seconds} с</translation>
    </message>
</context>
<context>
    <name>JsonEditor</name>
    <message>
        <source>Line {line}, column {column}: {reason}.</source>
        <translation>Строка {line}, столбец {column}: {reason}.</translation>
    </message>
    <message>
        <source>{key}: JSON object.</source>
        <translation>{key}: JSON-объект.</translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation>Фор&amp;матировать</translation>
    </message>
    <message>
        <source>Format payload</source>
        <translation>Форматировать payload</translation>
    </message>
    <message>
        <source>Re-indent the JSON (only when it parses)</source>
        <translation>Переформатировать JSON (только если он разбирается)</translation>
    </message>
    <message>
        <source>Insert e&amp;xample</source>
        <translation>Вставить п&amp;ример</translation>
    </message>
    <message>
        <source>Insert example payload</source>
        <translation>Вставить пример payload</translation>
    </message>
    <message>
        <source>Replace the text with the documented example</source>
        <translation>Заменить текст примером из документации</translation>
    </message>
</context>
<context>
    <name>Lookups</name>
    <message>
        <source>Find…</source>
        <translation>Найти…</translation>
    </message>
    <message>
        <source>Find %1 on the portal</source>
        <translation>Найти %1 на портале</translation>
    </message>
    <message>
        <source>Look the item up by part of its title</source>
        <translation>Найти элемент по части его названия</translation>
    </message>
    <message>
        <source>Choose a Bitrix24 profile first: the look-up asks its portal.</source>
        <translation>Сначала выберите профиль Битрикс24: поиск обращается к его порталу.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Trigger Desk</source>
        <translation>Trigger Desk</translation>
    </message>
    <message>
        <source>Platforms</source>
        <translation>Платформы</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Starting the sandbox…</source>
        <translation>Запускаем песочницу…</translation>
    </message>
    <message>
        <source>Its profiles are kept for this session only (no keyring to save their secrets) and end when you quit.</source>
        <translation>Её профили хранятся только в этом сеансе (нет связки ключей для их секретов) и исчезнут при выходе.</translation>
    </message>
    <message>
        <source>The sandbox-* profiles point at it.</source>
        <translation>Профили sandbox-* указывают на неё.</translation>
    </message>
    <message>
        <source>Secrets cannot be stored, so profiles cannot be saved. {problem} The sandbox still works: its profiles are kept for this session.</source>
        <translation>Секреты негде хранить, поэтому профили нельзя сохранить. {problem} Песочница работает: её профили хранятся в этом сеансе.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Запрос</translation>
    </message>
    <message>
        <source>&amp;Fire</source>
        <translation>За&amp;пустить</translation>
    </message>
    <message>
        <source>&amp;Copy as cURL</source>
        <translation>&amp;Копировать как cURL</translation>
    </message>
    <message>
        <source>Fill with &amp;examples</source>
        <translation>Заполнить п&amp;римерами</translation>
    </message>
    <message>
        <source>{platform} tab</source>
        <translation>Вкладка {platform}</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Инструменты</translation>
    </message>
    <message>
        <source>Start the &amp;sandbox</source>
        <translation>Запустить &amp;песочницу</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About Trigger Desk</source>
        <translation>&amp;О программе Trigger Desk</translation>
    </message>
    <message>
        <source>About Trigger Desk</source>
        <translation>О программе Trigger Desk</translation>
    </message>
    <message>
        <source>Trigger Desk {version}

Fire Bitrix24 and Wix automation triggers by hand, keep presets, and troubleshoot failed calls.

Secrets live in the system keyring, never in a file.</source>
        <translation>Trigger Desk {version}

Запускайте триггеры автоматизации Битрикс24 и Wix вручную, храните пресеты и разбирайтесь с неудачными вызовами.

Секреты хранятся в системной связке ключей, никогда в файле.</translation>
    </message>
</context>
<context>
    <name>PaneActions</name>
    <message>
        <source>Copied the cURL command. Set {names} in your shell before running it; the secrets are not in the copy.</source>
        <translation>Команда cURL скопирована. Перед запуском задайте в оболочке {names}; секретов в копии нет.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> и </translation>
    </message>
    <message>
        <source>Copied the cURL command.</source>
        <translation>Команда cURL скопирована.</translation>
    </message>
    <message>
        <source>There is no earlier successful {call} call with profile {profile} to compare with.</source>
        <translation>Нет более раннего успешного вызова «{call}» с профилем {profile}, не с чем сравнить.</translation>
    </message>
    <message>
        <source>Delete from history</source>
        <translation>Удалить из истории</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>PlatformTab</name>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>F&amp;ire</source>
        <translation>За&amp;пустить</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Send this call now (Ctrl+Enter)</source>
        <translation>Отправить этот вызов сейчас (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Examp&amp;les</source>
        <translation>При&amp;меры</translation>
    </message>
    <message>
        <source>Fill with examples</source>
        <translation>Заполнить примерами</translation>
    </message>
    <message>
        <source>Put the documented example into every empty field</source>
        <translation>Вписать пример из документации в каждое пустое поле</translation>
    </message>
    <message>
        <source>Save pre&amp;set…</source>
        <translation>Сохранить пре&amp;сет…</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>Сохранить как пресет</translation>
    </message>
    <message>
        <source>Keep this call and its values as a reusable preset</source>
        <translation>Сохранить этот вызов и его значения как пресет для повторного использования</translation>
    </message>
    <message>
        <source>Cannot read the profiles: {error}</source>
        <translation>Не удаётся прочитать профили: {error}</translation>
    </message>
    <message>
        <source>Add a {platform} profile first (Add… next to Profile).</source>
        <translation>Сначала добавьте профиль {platform} (кнопка «Добавить…» рядом с «Профиль»).</translation>
    </message>
    <message>
        <source>Choose a profile and a call to see the request.</source>
        <translation>Выберите профиль и вызов, чтобы увидеть запрос.</translation>
    </message>
    <message>
        <source>Reading the profile&apos;s secrets from the keyring…</source>
        <translation>Читаем секреты профиля из связки ключей…</translation>
    </message>
    <message>
        <source>The profile&apos;s secrets cannot be read: see the message.</source>
        <translation>Секреты профиля не читаются: см. сообщение.</translation>
    </message>
</context>
<context>
    <name>PortalItemsPanel</name>
    <message>
        <source>Items from the portal</source>
        <translation>Элементы с портала</translation>
    </message>
    <message>
        <source>CRM type</source>
        <translation>Тип CRM</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <source>Each stage with how many items it holds</source>
        <translation>Стадии с количеством элементов в каждой</translation>
    </message>
    <message>
        <source>Title contains (optional)</source>
        <translation>Название содержит (необязательно)</translation>
    </message>
    <message>
        <source>Only items whose title contains this</source>
        <translation>Только элементы, в названии которых есть этот текст</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>Refresh from the portal</source>
        <translation>Обновить с портала</translation>
    </message>
    <message>
        <source>Look everything up again (F5)</source>
        <translation>Загрузить всё заново (F5)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>О&amp;становить</translation>
    </message>
    <message>
        <source>Stop the look-up</source>
        <translation>Остановить загрузку</translation>
    </message>
    <message>
        <source>Items preview</source>
        <translation>Просмотр элементов</translation>
    </message>
    <message>
        <source>Look-up status</source>
        <translation>Состояние загрузки</translation>
    </message>
    <message>
        <source>&amp;Use these items</source>
        <translation>&amp;Использовать эти элементы</translation>
    </message>
    <message>
        <source>Use these items for the bulk run</source>
        <translation>Использовать эти элементы для массового запуска</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>&amp;Тип:</translation>
    </message>
    <message>
        <source>F&amp;unnel:</source>
        <translation>&amp;Воронка:</translation>
    </message>
    <message>
        <source>&amp;Stage:</source>
        <translation>&amp;Стадия:</translation>
    </message>
    <message>
        <source>T&amp;itle contains:</source>
        <translation>&amp;Название содержит:</translation>
    </message>
    <message>
        <source>Looking up the funnels and stages…</source>
        <translation>Загрузка воронок и стадий…</translation>
    </message>
    <message>
        <source>Look-up stopped.</source>
        <translation>Загрузка остановлена.</translation>
    </message>
    <message>
        <source>Looking up the items…</source>
        <translation>Загрузка элементов…</translation>
    </message>
    <message>
        <source>No items in %1.</source>
        <translation>В %1 нет элементов.</translation>
    </message>
    <message>
        <source> (the first %1)</source>
        <translation> (первые %1)</translation>
    </message>
    <message>
        <source>Items: %1%2 in %3.</source>
        <translation>Элементов: %1%2 в %3.</translation>
    </message>
    <message>
        <source>The look-up failed: %1</source>
        <translation>Загрузка не удалась: %1</translation>
    </message>
</context>
<context>
    <name>PresetEntry</name>
    <message>
        <source>profile {name}</source>
        <translation>профиль {name}</translation>
    </message>
    <message>
        <source>Broken preset file {file}, cannot be used: {reason}</source>
        <translation>Повреждённый файл пресета {file}, использовать нельзя: {reason}</translation>
    </message>
    <message>
        <source>Bound to profile {name}.</source>
        <translation>Привязан к профилю {name}.</translation>
    </message>
    <message>
        <source>Fix or remove the file {path}.</source>
        <translation>Исправьте или удалите файл {path}.</translation>
    </message>
    <message>
        <source>Call: {call}</source>
        <translation>Вызов: {call}</translation>
    </message>
    <message>
        <source>Asks for: {names}</source>
        <translation>Спрашивает: {names}</translation>
    </message>
    <message>
        <source>Profile: {name}</source>
        <translation>Профиль: {name}</translation>
    </message>
</context>
<context>
    <name>PresetFileActions</name>
    <message>
        <source>Rename preset</source>
        <translation>Переименовать пресет</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>Новое имя для «{name}»:</translation>
    </message>
    <message>
        <source>Renamed to “{name}”.</source>
        <translation>Переименован в «{name}».</translation>
    </message>
    <message>
        <source>Duplicate preset</source>
        <translation>Дублировать пресет</translation>
    </message>
    <message>
        <source>Name for the copy of “{name}”:</source>
        <translation>Имя копии «{name}»:</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name} (копия)</translation>
    </message>
    <message>
        <source>Saved the copy “{name}”.</source>
        <translation>Копия «{name}» сохранена.</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Удалить пресет</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”?

Its file is removed from the presets folder (in a shared folder, for everyone after the next sync).</source>
        <translation>Удалить пресет «{name}»?

Его файл будет удалён из папки пресетов (в общей папке — для всех после следующей синхронизации).</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>«{name}» удалён.</translation>
    </message>
    <message>
        <source>Not deleted: {error}</source>
        <translation>Не удалён: {error}</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>Импорт пресетов</translation>
    </message>
    <message>
        <source>Preset files (*.json)</source>
        <translation>Файлы пресетов (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Импортированы: {names}.</translation>
    </message>
    <message>
        <source>Replace presets</source>
        <translation>Заменить пресеты</translation>
    </message>
    <message>
        <source>{files}: a preset of the same name exists already. Replace it with the imported one?</source>
        <translation>{files}: пресет с таким именем уже есть. Заменить его импортированным?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Заменить</translation>
    </message>
    <message>
        <source>Keep existing</source>
        <translation>Оставить существующий</translation>
    </message>
    <message>
        <source>Export “{name}”</source>
        <translation>Экспорт «{name}»</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>«{name}» экспортирован в {path}.</translation>
    </message>
    <message>
        <source>Not exported: {error}</source>
        <translation>Не экспортирован: {error}</translation>
    </message>
</context>
<context>
    <name>PresetNameDialog</name>
    <message>
        <source>New preset name</source>
        <translation>Новое имя пресета</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>another preset has this name (or one that saves to the same file)</source>
        <translation>это имя уже у другого пресета (или у того, что сохраняется в тот же файл)</translation>
    </message>
</context>
<context>
    <name>PresetUseActions</name>
    <message>
        <source>Saved “{name}”.</source>
        <translation>«{name}» сохранён.</translation>
    </message>
</context>
<context>
    <name>PresetVariablesDialog</name>
    <message>
        <source>Fire</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Загрузить</translation>
    </message>
    <message>
        <source>{action} preset: {name}</source>
        <translation>{action} пресет: {name}</translation>
    </message>
    <message numerus="yes">
        <source>“{name}” asks for %n value(s) each time it is used:</source>
        <translation>
            <numerusform>«{name}» при каждом использовании спрашивает %n значение:</numerusform>
            <numerusform>«{name}» при каждом использовании спрашивает %n значения:</numerusform>
            <numerusform>«{name}» при каждом использовании спрашивает %n значений:</numerusform>
        </translation>
    </message>
    <message>
        <source>Required. Used in {where}.</source>
        <translation>Обязательно. Используется в {where}.</translation>
    </message>
    <message>
        <source>{mark} required</source>
        <translation>{mark} обязательно</translation>
    </message>
    <message>
        <source>Used in {places}</source>
        <translation>Используется в {places}</translation>
    </message>
    <message>
        <source>is required: give a value.</source>
        <translation>обязательно: укажите значение.</translation>
    </message>
    <message>
        <source>makes {field} {value}: {problem}</source>
        <translation>делает {field} равным {value}: {problem}</translation>
    </message>
    <message>
        <source>The filled-in payload is refused: {errors}</source>
        <translation>Заполненный payload отклонён: {errors}</translation>
    </message>
</context>
<context>
    <name>PresetWords</name>
    <message numerus="yes">
        <source>%n variable(s)</source>
        <translation>
            <numerusform>%n переменная</numerusform>
            <numerusform>%n переменные</numerusform>
            <numerusform>%n переменных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Asks for %n variable(s): {names}.</source>
        <translation>
            <numerusform>Спрашивает %n переменную: {names}.</numerusform>
            <numerusform>Спрашивает %n переменные: {names}.</numerusform>
            <numerusform>Спрашивает %n переменных: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetsPanel</name>
    <message>
        <source>{platform} presets</source>
        <translation>Пресеты {platform}</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>Presets shown</source>
        <translation>Показано пресетов</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Ещё</translation>
    </message>
    <message>
        <source>More preset actions</source>
        <translation>Другие действия с пресетами</translation>
    </message>
    <message>
        <source>Edit, rename, duplicate, delete, import, export</source>
        <translation>Изменить, переименовать, дублировать, удалить, импорт, экспорт</translation>
    </message>
    <message>
        <source>Search presets</source>
        <translation>Поиск пресетов</translation>
    </message>
    <message>
        <source>Search name, call, description</source>
        <translation>Поиск по имени, вызову, описанию</translation>
    </message>
    <message>
        <source>{platform} presets list</source>
        <translation>Список пресетов {platform}</translation>
    </message>
    <message>
        <source>No presets</source>
        <translation>Нет пресетов</translation>
    </message>
    <message>
        <source>R&amp;un</source>
        <translation>Зап&amp;устить</translation>
    </message>
    <message>
        <source>Run preset</source>
        <translation>Запустить пресет</translation>
    </message>
    <message>
        <source>Fire the selected preset now (double-click or Enter)</source>
        <translation>Запустить выбранный пресет сейчас (двойной щелчок или Enter)</translation>
    </message>
    <message>
        <source>Load i&amp;nto form</source>
        <translation>В &amp;форму</translation>
    </message>
    <message>
        <source>Load into form</source>
        <translation>В форму</translation>
    </message>
    <message>
        <source>Put the selected preset into the form, to edit and fire</source>
        <translation>Перенести выбранный пресет в форму, чтобы изменить и запустить</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Fire the preset</source>
        <translation>Запустить пресет</translation>
    </message>
    <message>
        <source>Put it in the form</source>
        <translation>Перенести в форму</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Change name, description, profile, variables</source>
        <translation>Изменить имя, описание, профиль, переменные</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <source>Give the preset a new name</source>
        <translation>Дать пресету новое имя</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>Дублировать…</translation>
    </message>
    <message>
        <source>Save a copy under a new name</source>
        <translation>Сохранить копию под новым именем</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Delete the preset&apos;s file</source>
        <translation>Удалить файл пресета</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Add presets from shared files</source>
        <translation>Добавить пресеты из общих файлов</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Save the preset to a file to share</source>
        <translation>Сохранить пресет в файл, чтобы поделиться</translation>
    </message>
    <message>
        <source>More preset actions menu</source>
        <translation>Меню других действий с пресетами</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) in the presets folder cannot be used: see the greyed rows (hover for the details).</source>
        <translation>
            <numerusform>%n файл в папке пресетов нельзя использовать: см. серые строки (подробности во всплывающей подсказке).</numerusform>
            <numerusform>%n файла в папке пресетов нельзя использовать: см. серые строки (подробности во всплывающей подсказке).</numerusform>
            <numerusform>%n файлов в папке пресетов нельзя использовать: см. серые строки (подробности во всплывающей подсказке).</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the presets folder {folder}: {error}</source>
        <translation>Не удаётся прочитать папку пресетов {folder}: {error}</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} из {total}</translation>
    </message>
    <message numerus="yes">
        <source>%n preset(s)</source>
        <translation>
            <numerusform>%n пресет</numerusform>
            <numerusform>%n пресета</numerusform>
            <numerusform>%n пресетов</numerusform>
        </translation>
    </message>
    <message>
        <source>No preset matches “{text}”.</source>
        <translation>Нет пресетов по запросу «{text}».</translation>
    </message>
    <message>
        <source>No {platform} presets yet.

Fill in the form and choose “Save as preset”, or import a shared file (More → Import…).</source>
        <translation>Пресетов {platform} пока нет.

Заполните форму и выберите «Сохранить как пресет» или импортируйте общий файл (Ещё → Импорт…).</translation>
    </message>
    <message>
        <source>Preset actions menu</source>
        <translation>Меню действий с пресетом</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Portal address</source>
        <translation>Адрес портала</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ID пользователя</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Код приложения</translation>
    </message>
    <message>
        <source>OAuth server</source>
        <translation>Сервер OAuth</translation>
    </message>
    <message>
        <source>Site id</source>
        <translation>ID сайта</translation>
    </message>
    <message>
        <source>API base address</source>
        <translation>Базовый адрес API</translation>
    </message>
    <message>
        <source>App id</source>
        <translation>ID приложения</translation>
    </message>
    <message>
        <source>Instance id</source>
        <translation>ID экземпляра</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>Адрес вебхука</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Ключ приложения</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Токен доступа</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Токен обновления</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <source>App secret</source>
        <translation>Секрет приложения</translation>
    </message>
    <message>
        <source>Edit {platform} profile</source>
        <translation>Изменить профиль {platform}</translation>
    </message>
    <message>
        <source>Add {platform} profile</source>
        <translation>Добавить профиль {platform}</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Имя профиля</translation>
    </message>
    <message>
        <source>e.g. bitrix-prod or Wix shop</source>
        <translation>например bitrix-prod или Магазин Wix</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Имя</translation>
    </message>
    <message>
        <source>Auth kind</source>
        <translation>Вид авторизации</translation>
    </message>
    <message>
        <source>&amp;Auth</source>
        <translation>&amp;Авторизация</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Secrets (kept in the system keyring, never in a file)</source>
        <translation>Секреты (хранятся в системной связке ключей, никогда в файле)</translation>
    </message>
    <message>
        <source>S&amp;how secrets</source>
        <translation>По&amp;казать секреты</translation>
    </message>
    <message>
        <source>Show secrets</source>
        <translation>Показать секреты</translation>
    </message>
    <message>
        <source>Put the URL&apos;s &amp;target and code into the form</source>
        <translation>Перенести &amp;target и code из адреса в форму</translation>
    </message>
    <message>
        <source>Put target and code into the form</source>
        <translation>Перенести target и code в форму</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Сохранить профиль</translation>
    </message>
    <message>
        <source>taken from the webhook URL</source>
        <translation>берётся из адреса вебхука</translation>
    </message>
    <message>
        <source>Webhook of user {user} on {portal} ({url}).</source>
        <translation>Вебхук пользователя {user} на портале {portal} ({url}).</translation>
    </message>
    <message>
        <source>This is a trigger URL: {parts}.</source>
        <translation>Это адрес триггера: {parts}.</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>Ничего не сохранено.</translation>
    </message>
</context>
<context>
    <name>ProfilePicker</name>
    <message>
        <source>&amp;Profile</source>
        <translation>&amp;Профиль</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Add profile…</source>
        <translation>Добавить профиль…</translation>
    </message>
    <message>
        <source>Edit profile…</source>
        <translation>Изменить профиль…</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>Удалить профиль</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Run</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <source>Items done</source>
        <translation>Обработано элементов</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Ход выполнения</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Осталось времени</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>&amp;Отменить запуск</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Отменить запуск</translation>
    </message>
    <message>
        <source>Send nothing more: requests on the wire finish and are recorded</source>
        <translation>Больше ничего не отправлять: уже отправленные запросы завершатся и будут записаны</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Начинаем…</translation>
    </message>
    <message>
        <source>{counts}; {requests:,} requests so far</source>
        <translation>{counts}; запросов пока: {requests:,}</translation>
    </message>
    <message>
        <source>About {time} left</source>
        <translation>Осталось около {time}</translation>
    </message>
    <message>
        <source>{done:,} of {total:,} items (%p%)</source>
        <translation>Элементов: {done:,} из {total:,} (%p%)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Paused: nothing more is sent until you resume.</source>
        <translation>Пауза: ничего не отправляется, пока вы не продолжите.</translation>
    </message>
    <message>
        <source>Cancelling: waiting for the requests on the wire…</source>
        <translation>Отмена: ждём ответа на уже отправленные запросы…</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>Call record</source>
        <translation>Запись вызова</translation>
    </message>
    <message>
        <source>History message</source>
        <translation>Сообщение истории</translation>
    </message>
    <message>
        <source>Start the &amp;sandbox</source>
        <translation>Запустить &amp;песочницу</translation>
    </message>
    <message>
        <source>Start the built-in sandbox where the sandbox profiles expect it, then fire again.</source>
        <translation>Запустить встроенную песочницу там, где её ждут профили песочницы, и запустить вызов снова.</translation>
    </message>
    <message>
        <source>Cancelled: {call} · {profile}

You cancelled the call before an answer was recorded. The platform may still have received it: check the item (or the history) before firing again.</source>
        <translation>Отменён: {call} · {profile}

Вы отменили вызов до того, как был записан ответ. Платформа могла всё же его получить: прежде чем запускать снова, проверьте элемент (или историю).</translation>
    </message>
</context>
<context>
    <name>RequestPreview</name>
    <message>
        <source>Exactly what Fire will send. Secrets are shown as ****; the X-Request-ID is new for every call.</source>
        <translation>Ровно то, что отправит «Запустить». Секреты показаны как ****; X-Request-ID новый для каждого вызова.</translation>
    </message>
    <message>
        <source>Request preview</source>
        <translation>Предпросмотр запроса</translation>
    </message>
    <message>
        <source>Cop&amp;y as cURL</source>
        <translation>Копировать как c&amp;URL</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>Копировать как cURL</translation>
    </message>
    <message>
        <source>Copy a curl command line; secrets appear as $TRIGGER_DESK_* variables</source>
        <translation>Скопировать команду curl; секреты в ней — переменные $TRIGGER_DESK_*</translation>
    </message>
    <message>
        <source>Choose a profile and a call to see the request.</source>
        <translation>Выберите профиль и вызов, чтобы увидеть запрос.</translation>
    </message>
    <message>
        <source>Fire would refuse this call, nothing would be sent:</source>
        <translation>«Запустить» отклонит этот вызов, ничего не будет отправлено:</translation>
    </message>
    <message>
        <source>Copied: secrets are $TRIGGER_DESK_* variables.</source>
        <translation>Скопировано: секреты — переменные $TRIGGER_DESK_*.</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>Run summary</source>
        <translation>Итоги запуска</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Показать:</translation>
    </message>
    <message>
        <source>Show items</source>
        <translation>Показать элементы</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>Все элементы</translation>
    </message>
    <message>
        <source>Results by item</source>
        <translation>Результаты по элементам</translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation>По&amp;вторить неудачные</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Повторить неудачные</translation>
    </message>
    <message>
        <source>Send the items the platform refused again</source>
        <translation>Снова отправить элементы, которые платформа отклонила</translation>
    </message>
    <message>
        <source>Send the &amp;rest</source>
        <translation>Отправить &amp;остальные</translation>
    </message>
    <message>
        <source>Send the items not sent</source>
        <translation>Отправить неотправленные элементы</translation>
    </message>
    <message>
        <source>&amp;Export results as CSV…</source>
        <translation>&amp;Экспорт результатов в CSV…</translation>
    </message>
    <message>
        <source>Export results as CSV</source>
        <translation>Экспорт результатов в CSV</translation>
    </message>
    <message>
        <source>Run {run}: {items:,} items: {counts}.</source>
        <translation>Запуск {run}, элементов: {items:,}: {counts}.</translation>
    </message>
</context>
<context>
    <name>ResumeBar</name>
    <message>
        <source>Unfinished bulk run</source>
        <translation>Незавершённый массовый запуск</translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation>Продолжить…</translation>
    </message>
    <message>
        <source>Resume the unfinished run</source>
        <translation>Продолжить незавершённый запуск</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Dismiss the unfinished run</source>
        <translation>Скрыть незавершённый запуск</translation>
    </message>
    <message>
        <source>Stop offering it; `trigger-desk bulk resume` still can</source>
        <translation>Больше не предлагать; `trigger-desk bulk resume` по-прежнему сможет его продолжить</translation>
    </message>
    <message>
        <source>Bulk run {run} ({call} with {profile}, {started}) was left unfinished: {counts}.</source>
        <translation>Массовый запуск {run} ({call}, профиль {profile}, {started}) не завершён: {counts}.</translation>
    </message>
    <message>
        <source> {n} more unfinished.</source>
        <translation> Ещё незавершённых: {n}.</translation>
    </message>
    <message>
        <source>Cannot resume {run}: {why}</source>
        <translation>Не удаётся продолжить {run}: {why}</translation>
    </message>
</context>
<context>
    <name>SavePresetDialog</name>
    <message>
        <source>Edit preset: {name}</source>
        <translation>Изменить пресет: {name}</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>Сохранить как пресет</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Имя пресета</translation>
    </message>
    <message>
        <source>e.g. Move deal to Won</source>
        <translation>например Перевести сделку в «Успешно»</translation>
    </message>
    <message>
        <source>&amp;Name {mark}</source>
        <translation>&amp;Имя {mark}</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>What it does, for you and your team (optional)</source>
        <translation>Что он делает — для вас и команды (необязательно)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Описание</translation>
    </message>
    <message>
        <source>Call: {call}</source>
        <translation>Вызов: {call}</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Bind to profile</source>
        <translation>Привязать к профилю</translation>
    </message>
    <message>
        <source>&amp;Bind to profile {name}</source>
        <translation>&amp;Привязать к профилю {name}</translation>
    </message>
    <message>
        <source>Bound: using the preset selects this profile. Unbound: it uses the profile selected in the tab, so teammates with other profiles can share it.</source>
        <translation>С привязкой: пресет выбирает этот профиль. Без привязки: он использует профиль, выбранный во вкладке, и им могут пользоваться коллеги с другими профилями.</translation>
    </message>
    <message>
        <source>&amp;Bind to a profile</source>
        <translation>&amp;Привязать к профилю</translation>
    </message>
    <message>
        <source>No profile is selected: the preset will use the tab&apos;s profile.</source>
        <translation>Профиль не выбран: пресет будет использовать профиль вкладки.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>The file that will be saved</source>
        <translation>Файл, который будет сохранён</translation>
    </message>
    <message>
        <source>Preset file preview</source>
        <translation>Предпросмотр файла пресета</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>Сохранить пресет</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>Сохраняется как {path}</translation>
    </message>
    <message>
        <source>Saved in {folder}</source>
        <translation>Сохраняется в {folder}</translation>
    </message>
    <message>
        <source>a preset needs a name</source>
        <translation>у пресета должно быть имя</translation>
    </message>
    <message>
        <source>Nothing was saved: {error}</source>
        <translation>Ничего не сохранено: {error}</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Не сохранено.</translation>
    </message>
    <message>
        <source>Replace preset</source>
        <translation>Заменить пресет</translation>
    </message>
    <message>
        <source>A preset named “{name}” already exists. Replace it with this one?</source>
        <translation>Пресет «{name}» уже есть. Заменить его этим?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Заменить</translation>
    </message>
    <message>
        <source>Do not replace</source>
        <translation>Не заменять</translation>
    </message>
    <message>
        <source>This name is taken: choose another one.</source>
        <translation>Это имя занято: выберите другое.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>Системный ({language})</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>A new language is used when Trigger Desk is next started.</source>
        <translation>Новый язык будет использован при следующем запуске Trigger Desk.</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>Where the items come from</source>
        <translation>Откуда взять элементы</translation>
    </message>
    <message>
        <source>Items file</source>
        <translation>Файл элементов</translation>
    </message>
    <message>
        <source>A CSV file with a header row, e.g. deals.csv</source>
        <translation>CSV-файл со строкой заголовков, например deals.csv</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>Browse for the items file</source>
        <translation>Выбрать файл элементов</translation>
    </message>
    <message>
        <source>CSV fi&amp;le</source>
        <translation>CSV-&amp;файл</translation>
    </message>
    <message>
        <source>Pasted items</source>
        <translation>Вставленные элементы</translation>
    </message>
    <message>
        <source>One {field} per line, or Bitrix24 item addresses such as
https://portal.bitrix24.com/crm/deal/details/57/</source>
        <translation>Одно значение {field} на строку или адреса элементов Битрикс24, например
https://portal.bitrix24.com/crm/deal/details/57/</translation>
    </message>
    <message>
        <source>&amp;Pasted text</source>
        <translation>&amp;Вставленный текст</translation>
    </message>
    <message>
        <source>From the p&amp;ortal…</source>
        <translation>&amp;С портала…</translation>
    </message>
    <message>
        <source>Choose the items by type, funnel and stage on the portal</source>
        <translation>Выбрать элементы на портале по типу, воронке и стадии</translation>
    </message>
    <message>
        <source>&amp;Check items</source>
        <translation>&amp;Проверить элементы</translation>
    </message>
    <message>
        <source>Check items</source>
        <translation>Проверить элементы</translation>
    </message>
    <message>
        <source>Fill and check every item; nothing is sent</source>
        <translation>Заполнить и проверить каждый элемент; ничего не отправляется</translation>
    </message>
    <message>
        <source>Items read</source>
        <translation>Прочитанные элементы</translation>
    </message>
    <message>
        <source>Preview of the filled items</source>
        <translation>Предпросмотр заполненных элементов</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <source>&amp;Fire…</source>
        <translation>&amp;Запустить…</translation>
    </message>
    <message>
        <source>Fire for all items</source>
        <translation>Запустить для всех элементов</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Подтверждение</translation>
    </message>
    <message>
        <source>Send the items</source>
        <translation>Отправить элементы</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>&amp;Не сейчас</translation>
    </message>
    <message>
        <source>Do not send</source>
        <translation>Не отправлять</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-файлы (*.csv *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>{bad:,} of {total:,} items are bad (marked in the table): fix them and check again.</source>
        <translation>Элементов с ошибками: {bad:,} из {total:,} (отмечены в таблице): исправьте их и проверьте снова.</translation>
    </message>
    <message>
        <source>{n:,} items from {source}</source>
        <translation>Элементов из {source}: {n:,}</translation>
    </message>
    <message>
        <source>&amp;Fire {n:,} items…</source>
        <translation>&amp;Запустить (элементов: {n:,})…</translation>
    </message>
    <message>
        <source>Send {n:,} items now? This cannot be undone.</source>
        <translation>Отправить элементы ({n:,}) сейчас? Отменить это будет нельзя.</translation>
    </message>
    <message>
        <source>&amp;Send {n:,} items</source>
        <translation>О&amp;тправить элементы ({n:,})</translation>
    </message>
</context>
<context>
    <name>TabProfiles</name>
    <message>
        <source>Remove profile</source>
        <translation>Удалить профиль</translation>
    </message>
    <message>
        <source>Remove the profile {name} and its secrets from the keyring?</source>
        <translation>Удалить профиль {name} и его секреты из связки ключей?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Not removed.</source>
        <translation>Не удалён.</translation>
    </message>
</context>
<context>
    <name>TargetEditor</name>
    <message>
        <source>{name} type</source>
        <translation>тип {name}</translation>
    </message>
    <message>
        <source>The CRM type name: the part before the underscore</source>
        <translation>Имя типа CRM: часть до подчёркивания</translation>
    </message>
    <message>
        <source>Type…</source>
        <translation>Тип…</translation>
    </message>
    <message>
        <source>{name} smart-process type id</source>
        <translation>{name}: id типа смарт-процесса</translation>
    </message>
    <message>
        <source>The smart process&apos;s entity type id (128 or more)</source>
        <translation>id типа сущности смарт-процесса (128 и больше)</translation>
    </message>
    <message>
        <source>{label}: the item id, or a whole TYPENAME_ID such as {example}</source>
        <translation>{label}: id элемента или целиком TYPENAME_ID, например {example}</translation>
    </message>
    <message>
        <source>item id, e.g. 57</source>
        <translation>id элемента, например 57</translation>
    </message>
</context>
<context>
    <name>TimingWaterfall</name>
    <message>
        <source>Connect</source>
        <translation>Соединение</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправка</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Получение</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>{figure} ms</source>
        <translation>{figure} мс</translation>
    </message>
    <message>
        <source>No timings recorded.</source>
        <translation>Время не записано.</translation>
    </message>
    <message>
        <source>{phases}; total {total}.</source>
        <translation>{phases}; всего {total}.</translation>
    </message>
    <message>
        <source>Timing waterfall</source>
        <translation>Диаграмма времени</translation>
    </message>
    <message>
        <source>No timings recorded (no answer was received).</source>
        <translation>Время не записано (ответ не получен).</translation>
    </message>
</context>
<context>
    <name>UnsavedTokensGuard</name>
    <message>
        <source>New tokens not saved</source>
        <translation>Новые токены не сохранены</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Sidebar</source>
        <translation>Боковая панель</translation>
    </message>
    <message>
        <source>Every call you fire is listed here.</source>
        <translation>Здесь перечислен каждый запущенный вами вызов.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Presets appear here.</source>
        <translation>Здесь появляются пресеты.</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;История</translation>
    </message>
    <message>
        <source>Pre&amp;sets</source>
        <translation>Пре&amp;сеты</translation>
    </message>
    <message>
        <source>Request and record</source>
        <translation>Запрос и запись</translation>
    </message>
    <message>
        <source>Request preview</source>
        <translation>Предпросмотр запроса</translation>
    </message>
    <message>
        <source>Fire a call (Ctrl+Enter), or select one in the history: its outcome, diagnosis, timings, request and response appear here.</source>
        <translation>Запустите вызов (Ctrl+Enter) или выберите его в истории: здесь появятся результат, диагноз, время, запрос и ответ.</translation>
    </message>
    <message>
        <source>Call record</source>
        <translation>Запись вызова</translation>
    </message>
    <message>
        <source>Re&amp;quest preview</source>
        <translation>Пред&amp;просмотр</translation>
    </message>
    <message>
        <source>Call &amp;record</source>
        <translation>За&amp;пись вызова</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Side&amp;bar</source>
        <translation>&amp;Боковая панель</translation>
    </message>
    <message>
        <source>Show or hide the history and presets (Ctrl+B)</source>
        <translation>Показать или скрыть историю и пресеты (Ctrl+B)</translation>
    </message>
    <message>
        <source>History &amp;table</source>
        <translation>&amp;Таблица истории</translation>
    </message>
    <message>
        <source>The history as a full-width table (Ctrl+H)</source>
        <translation>История в виде таблицы во всю ширину (Ctrl+H)</translation>
    </message>
    <message>
        <source>History table</source>
        <translation>Таблица истории</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>History is unavailable.</source>
        <translation>История недоступна.</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>Trigger Desk does not know the call {call}.</source>
        <translation>Trigger Desk не знает вызов {call}.</translation>
    </message>
    <message>
        <source>Profile {profile} no longer exists: pick another one, then fire.</source>
        <translation>Профиля {profile} больше нет: выберите другой и запустите.</translation>
    </message>
    <message>
        <source>Preset {preset} names an unknown call {call}.</source>
        <translation>Пресет {preset} ссылается на неизвестный вызов {call}.</translation>
    </message>
</context>
<context>
    <name>a11y</name>
    <message>
        <source>Clear {what}</source>
        <translation>Очистить {what}</translation>
    </message>
    <message>
        <source>Clear the text</source>
        <translation>Очистить текст</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>it runs only in an application context: use a profile with auth &apos;oauth&apos; (an application&apos;s OAuth access token), not an inbound webhook</source>
        <translation>он работает только в контексте приложения: используйте профиль с авторизацией &apos;oauth&apos; (OAuth-токен доступа приложения), а не входящий вебхук</translation>
    </message>
    <message>
        <source>Too many requests to this portal: the request-rate limit is exceeded.</source>
        <translation>Слишком много запросов к этому порталу: превышен лимит частоты запросов.</translation>
    </message>
    <message>
        <source>Slow down and retry in a few seconds (the bucket drains 2 requests a second, 5 on Enterprise plans).</source>
        <translation>Снизьте частоту и повторите через несколько секунд (лимит восстанавливается на 2 запроса в секунду, на тарифах Enterprise на 5).</translation>
    </message>
    <message>
        <source>REST access to this portal is blocked by hand because of overload.</source>
        <translation>Доступ к REST этого портала заблокирован вручную из-за перегрузки.</translation>
    </message>
    <message>
        <source>Contact Bitrix24 technical support to lift the block; retrying will not help.</source>
        <translation>Обратитесь в техподдержку Битрикс24, чтобы снять блокировку; повторы не помогут.</translation>
    </message>
    <message>
        <source>This method&apos;s time budget on the portal is spent.</source>
        <translation>Лимит времени выполнения этого метода на портале исчерпан.</translation>
    </message>
    <message>
        <source>Wait until the time in &apos;operating_reset_at&apos; and try again.</source>
        <translation>Дождитесь времени из &apos;operating_reset_at&apos; и повторите.</translation>
    </message>
    <message>
        <source>The portal found no valid authorization: the webhook code or access token is wrong, or none reached it.</source>
        <translation>Портал не нашёл действительной авторизации: код вебхука или токен доступа неверен либо не дошёл до портала.</translation>
    </message>
    <message>
        <source>Check the profile: paste the inbound webhook URL again, or re-authorize the application.</source>
        <translation>Проверьте профиль: вставьте адрес входящего вебхука заново или авторизуйте приложение повторно.</translation>
    </message>
    <message>
        <source>The access token has expired, and a refresh was not possible or did not help.</source>
        <translation>Срок действия токена доступа истёк, а обновить его не удалось или обновление не помогло.</translation>
    </message>
    <message>
        <source>Refresh the tokens: re-install or re-authorize the application and update the profile.</source>
        <translation>Обновите токены: переустановите или заново авторизуйте приложение и обновите профиль.</translation>
    </message>
    <message>
        <source>The access token is not valid.</source>
        <translation>Токен доступа недействителен.</translation>
    </message>
    <message>
        <source>Re-authorize the application and store the new tokens in the profile.</source>
        <translation>Авторизуйте приложение заново и сохраните новые токены в профиле.</translation>
    </message>
    <message>
        <source>The webhook or application lacks the &apos;crm&apos; scope.</source>
        <translation>У вебхука или приложения нет права доступа &apos;crm&apos;.</translation>
    </message>
    <message>
        <source>Edit the webhook (or the application) in Bitrix24, add the CRM (crm) scope, save, and use the new URL or tokens.</source>
        <translation>Измените вебхук (или приложение) в Битрикс24, добавьте право доступа CRM (crm), сохраните и используйте новый адрес или токены.</translation>
    </message>
    <message>
        <source>The portal refused the credentials: the webhook code or token is wrong, or the user behind it lacks permission for this call.</source>
        <translation>Портал отклонил учётные данные: код вебхука или токен неверен либо у его пользователя нет прав на этот вызов.</translation>
    </message>
    <message>
        <source>Paste the inbound webhook URL again (or re-authorize the application); if it is right, use a webhook or token of a user with the needed CRM rights.</source>
        <translation>Вставьте адрес входящего вебхука заново (или авторизуйте приложение повторно); если он верен, используйте вебхук или токен пользователя с нужными правами в CRM.</translation>
    </message>
    <message>
        <source>The user has no access to the application (its access is limited to some users).</source>
        <translation>У пользователя нет доступа к приложению (доступ к нему ограничен частью пользователей).</translation>
    </message>
    <message>
        <source>Ask the portal administrator to grant this user access to the application.</source>
        <translation>Попросите администратора портала открыть этому пользователю доступ к приложению.</translation>
    </message>
    <message>
        <source>Access denied: the REST API is available only on commercial plans, or the user lacks permission for this call.</source>
        <translation>Доступ запрещён: REST API доступен только на коммерческих тарифах, или у пользователя нет прав на этот вызов.</translation>
    </message>
    <message>
        <source>Check the portal&apos;s plan and the permissions of the user behind the webhook or token.</source>
        <translation>Проверьте тариф портала и права пользователя, от имени которого работает вебхук или токен.</translation>
    </message>
    <message>
        <source>The portal refused the request as invalid; it answers this when REST is called over plain HTTP (HTTPS required).</source>
        <translation>Портал отклонил запрос как некорректный; так он отвечает, когда REST вызывают по HTTP без шифрования (нужен HTTPS).</translation>
    </message>
    <message>
        <source>If the profile&apos;s portal address starts with http://, change it to https://; otherwise read the server&apos;s message.</source>
        <translation>Если адрес портала в профиле начинается с http://, замените на https://; иначе прочитайте сообщение сервера.</translation>
    </message>
    <message>
        <source>The portal does not know this method: a typo, a portal version without it, or the CRM module is not installed.</source>
        <translation>Портал не знает этот метод: опечатка, версия портала без него или не установлен модуль CRM.</translation>
    </message>
    <message>
        <source>Check the portal address and that CRM is enabled on the portal.</source>
        <translation>Проверьте адрес портала и что CRM на портале включена.</translation>
    </message>
    <message>
        <source>The portal had an internal error.</source>
        <translation>На портале произошла внутренняя ошибка.</translation>
    </message>
    <message>
        <source>Retry later; if it persists, contact the portal administrator or Bitrix24 support.</source>
        <translation>Повторите позже; если ошибка не пройдёт, обратитесь к администратору портала или в поддержку Битрикс24.</translation>
    </message>
    <message>
        <source>The portal gave an unexpected answer (internal error).</source>
        <translation>Портал дал неожиданный ответ (внутренняя ошибка).</translation>
    </message>
    <message>
        <source>The portal&apos;s public part is closed or the portal was deleted.</source>
        <translation>Публичная часть портала закрыта, или портал удалён.</translation>
    </message>
    <message>
        <source>Check the address; on an on-premise portal turn off &apos;Temporary closure of the public part of the site&apos; (Settings &gt; Module Settings &gt; Main Module).</source>
        <translation>Проверьте адрес; на коробочном портале отключите &apos;Временное закрытие публичной части сайта&apos; (Настройки &gt; Настройки модулей &gt; Главный модуль).</translation>
    </message>
    <message>
        <source>The portal&apos;s plan must be paid for this call.</source>
        <translation>Для этого вызова тариф портала должен быть оплачен.</translation>
    </message>
    <message>
        <source>Renew or upgrade the Bitrix24 plan.</source>
        <translation>Продлите или повысьте тариф Битрикс24.</translation>
    </message>
    <message>
        <source>This call does not accept this kind of authorization.</source>
        <translation>Этот вызов не принимает такой вид авторизации.</translation>
    </message>
    <message>
        <source>Use the other auth kind (an application&apos;s OAuth token instead of a webhook, or the reverse).</source>
        <translation>Используйте другой вид авторизации (OAuth-токен приложения вместо вебхука или наоборот).</translation>
    </message>
    <message>
        <source>The method is waiting for the administrator&apos;s confirmation.</source>
        <translation>Метод ждёт подтверждения администратора.</translation>
    </message>
    <message>
        <source>Ask a portal administrator to confirm the application&apos;s access to this method.</source>
        <translation>Попросите администратора портала подтвердить доступ приложения к этому методу.</translation>
    </message>
    <message>
        <source>The administrator denied this application access to the method.</source>
        <translation>Администратор запретил этому приложению доступ к методу.</translation>
    </message>
    <message>
        <source>Ask a portal administrator to allow the method for the application.</source>
        <translation>Попросите администратора портала разрешить приложению этот метод.</translation>
    </message>
    <message>
        <source>This method cannot be called inside a batch.</source>
        <translation>Этот метод нельзя вызывать внутри batch.</translation>
    </message>
    <message>
        <source>Call it on its own.</source>
        <translation>Вызовите его отдельно.</translation>
    </message>
    <message>
        <source>The batch has more than 50 commands.</source>
        <translation>В batch больше 50 команд.</translation>
    </message>
    <message>
        <source>Send at most 50 commands per batch (split longer lists).</source>
        <translation>Отправляйте не больше 50 команд в одном batch (длинные списки разбивайте).</translation>
    </message>
    <message>
        <source>The application&apos;s manifest is not available.</source>
        <translation>Манифест приложения недоступен.</translation>
    </message>
    <message>
        <source>Reinstall the application on the portal.</source>
        <translation>Переустановите приложение на портале.</translation>
    </message>
    <message>
        <source>The user did not pass the preliminary CRM access check.</source>
        <translation>Пользователь не прошёл предварительную проверку доступа к CRM.</translation>
    </message>
    <message>
        <source>Use a webhook or token of a user who has access to CRM.</source>
        <translation>Используйте вебхук или токен пользователя с доступом к CRM.</translation>
    </message>
    <message>
        <source>Application triggers can be managed only by a portal administrator.</source>
        <translation>Управлять триггерами приложения может только администратор портала.</translation>
    </message>
    <message>
        <source>Authorize the application as an administrator and store that user&apos;s tokens in the profile.</source>
        <translation>Авторизуйте приложение от имени администратора и сохраните токены этого пользователя в профиле.</translation>
    </message>
    <message>
        <source>The method was called outside an application context (for example with a webhook).</source>
        <translation>Метод вызван вне контекста приложения (например, через вебхук).</translation>
    </message>
    <message>
        <source>Use a profile with an application&apos;s OAuth token (auth &apos;oauth&apos;).</source>
        <translation>Используйте профиль с OAuth-токеном приложения (авторизация &apos;oauth&apos;).</translation>
    </message>
    <message>
        <source>No trigger code was given.</source>
        <translation>Код триггера не указан.</translation>
    </message>
    <message>
        <source>Set CODE to the trigger&apos;s code, e.g. c5u4m.</source>
        <translation>Укажите в CODE код триггера, например c5u4m.</translation>
    </message>
    <message>
        <source>The trigger code has characters outside the mask [a-z0-9.-_].</source>
        <translation>В коде триггера есть символы вне маски [a-z0-9.-_].</translation>
    </message>
    <message>
        <source>Use only letters a-z, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; in CODE.</source>
        <translation>Используйте в CODE только буквы a-z, цифры, &apos;.&apos;, &apos;-&apos; и &apos;_&apos;.</translation>
    </message>
    <message>
        <source>No trigger with this code is registered by this application on the portal (a code registered by another application does not count).</source>
        <translation>Триггер с этим кодом не зарегистрирован этим приложением на портале (код, зарегистрированный другим приложением, не считается).</translation>
    </message>
    <message>
        <source>List the registered triggers (bitrix24.trigger.list) and use one of their codes, or add the trigger first (bitrix24.trigger.add).</source>
        <translation>Получите список зарегистрированных триггеров (bitrix24.trigger.list) и используйте один из их кодов или сначала добавьте триггер (bitrix24.trigger.add).</translation>
    </message>
    <message>
        <source>Trigger code</source>
        <translation>Код триггера</translation>
    </message>
    <message>
        <source>Internal identifier of the application&apos;s trigger, unique within the application.</source>
        <translation>Внутренний идентификатор триггера приложения, уникальный в пределах приложения.</translation>
    </message>
    <message>
        <source>Fire webhook trigger</source>
        <translation>Запустить триггер «Вебхук»</translation>
    </message>
    <message>
        <source>crm.automation.trigger: fire a &quot;Track incoming webhook&quot; automation trigger.</source>
        <translation>crm.automation.trigger: запустить триггер автоматизации «Отслеживание входящего вебхука».</translation>
    </message>
    <message>
        <source>Activates the automation trigger configured for a stage, for one CRM item. Use the code from the trigger&apos;s settings. Works with an inbound webhook or an application&apos;s OAuth token.</source>
        <translation>Срабатывает триггер автоматизации, настроенный на стадии, для одного элемента CRM. Возьмите код из настроек триггера. Работает с входящим вебхуком или OAuth-токеном приложения.</translation>
    </message>
    <message>
        <source>Target item</source>
        <translation>Элемент</translation>
    </message>
    <message>
        <source>The CRM item the trigger acts on, as TYPENAME_ID (DEAL_57, LEAD_25).</source>
        <translation>Элемент CRM, для которого срабатывает триггер, в виде TYPENAME_ID (DEAL_57, LEAD_25).</translation>
    </message>
    <message>
        <source>The trigger&apos;s symbolic code from its settings in Automation. Without it the earliest-stage trigger of the item may fire.</source>
        <translation>Символьный код триггера из его настроек в роботах и триггерах. Без него может сработать триггер самой ранней стадии элемента.</translation>
    </message>
    <message>
        <source>The required parameter &apos;target&apos; was not sent.</source>
        <translation>Обязательный параметр &apos;target&apos; не передан.</translation>
    </message>
    <message>
        <source>Set target to TYPENAME_ID, e.g. DEAL_57.</source>
        <translation>Укажите target в виде TYPENAME_ID, например DEAL_57.</translation>
    </message>
    <message>
        <source>&apos;target&apos; is not in the form TYPENAME_ID.</source>
        <translation>&apos;target&apos; не в формате TYPENAME_ID.</translation>
    </message>
    <message>
        <source>Set target like DEAL_57 (type name, underscore, item id).</source>
        <translation>Укажите target как DEAL_57 (имя типа, подчёркивание, id элемента).</translation>
    </message>
    <message>
        <source>The portal found nothing for &apos;target&apos;: either the type name is not one it knows, or it has no item of that type with this id.</source>
        <translation>Портал ничего не нашёл по &apos;target&apos;: либо имя типа ему неизвестно, либо элемента этого типа с таким id нет.</translation>
    </message>
    <message>
        <source>Check that the item exists (open it in the CRM: the id is in its address) and that the type is one the portal has: LEAD, DEAL, QUOTE, SMART_INVOICE or DYNAMIC_&lt;id&gt;; webhook triggers may not support smart processes on every portal.</source>
        <translation>Проверьте, что элемент существует (откройте его в CRM: id есть в адресе), а тип есть на портале: LEAD, DEAL, QUOTE, SMART_INVOICE или DYNAMIC_&lt;id&gt;; триггеры вебхука поддерживают смарт-процессы не на каждом портале.</translation>
    </message>
    <message>
        <source>The user behind the webhook or token may not update this item.</source>
        <translation>Пользователь вебхука или токена не может изменять этот элемент.</translation>
    </message>
    <message>
        <source>Use a webhook of a user with edit rights on the item, or give this user the rights.</source>
        <translation>Используйте вебхук пользователя с правом изменения элемента или выдайте это право.</translation>
    </message>
    <message>
        <source>result: true means the portal accepted the trigger, not that an automation rule moved the item: the trigger&apos;s conditions and &quot;Allow transition to previous stage&quot; can still stop it. Check the item&apos;s timeline if nothing changed.</source>
        <translation>result: true значит, что портал принял триггер, а не что правило автоматизации перевело элемент: его могут остановить условия триггера и «Разрешить переход на предыдущую стадию». Если ничего не изменилось, посмотрите таймлайн элемента.</translation>
    </message>
    <message>
        <source>Execute application trigger</source>
        <translation>Выполнить триггер приложения</translation>
    </message>
    <message>
        <source>crm.automation.trigger.execute: run your application&apos;s trigger for a CRM item.</source>
        <translation>crm.automation.trigger.execute: выполнить триггер вашего приложения для элемента CRM.</translation>
    </message>
    <message>
        <source>Runs a trigger that your application registered (crm.automation.trigger.add) for one CRM item. Needs an administrator&apos;s OAuth token in the application context.</source>
        <translation>Выполняет триггер, зарегистрированный вашим приложением (crm.automation.trigger.add), для одного элемента CRM. Нужен OAuth-токен администратора в контексте приложения.</translation>
    </message>
    <message>
        <source>Owner type</source>
        <translation>Тип объекта</translation>
    </message>
    <message>
        <source>Type of the CRM object (crm.enum.ownertype). Triggers exist in leads, deals, estimates, invoices and smart processes (ids of 128 and more).</source>
        <translation>Тип объекта CRM (crm.enum.ownertype). Триггеры есть в лидах, сделках, предложениях, счетах и смарт-процессах (id от 128).</translation>
    </message>
    <message>
        <source>Item id</source>
        <translation>ID элемента</translation>
    </message>
    <message>
        <source>Identifier of the CRM item.</source>
        <translation>Идентификатор элемента CRM.</translation>
    </message>
    <message>
        <source>The portal refused OWNER_TYPE_ID: it is not a CRM type that has triggers, or (for a smart process) no such type exists on this portal.</source>
        <translation>Портал отклонил OWNER_TYPE_ID: это не тип CRM с триггерами или (для смарт-процесса) такого типа на портале нет.</translation>
    </message>
    <message>
        <source>Use 1 (lead), 2 (deal), 7 (estimate), 31 (invoice) or the id of a smart process the portal has.</source>
        <translation>Используйте 1 (лид), 2 (сделка), 7 (предложение), 31 (счёт) или id смарт-процесса, который есть на портале.</translation>
    </message>
    <message>
        <source>The portal refused OWNER_ID: it is not a positive id, or the portal has no item of that type with this id.</source>
        <translation>Портал отклонил OWNER_ID: это не положительный id или на портале нет элемента этого типа с таким id.</translation>
    </message>
    <message>
        <source>Check that the item exists (its id is in the item&apos;s URL in the CRM) and that OWNER_TYPE_ID is its type.</source>
        <translation>Проверьте, что элемент существует (его id есть в адресе элемента в CRM) и что OWNER_TYPE_ID — его тип.</translation>
    </message>
    <message>
        <source>result: true means the trigger was initiated; its rules decide what happens next.</source>
        <translation>result: true значит, что триггер запущен; что будет дальше, решают его правила.</translation>
    </message>
    <message>
        <source>List application triggers</source>
        <translation>Список триггеров приложения</translation>
    </message>
    <message>
        <source>crm.automation.trigger.list: the triggers your application registered.</source>
        <translation>crm.automation.trigger.list: триггеры, зарегистрированные вашим приложением.</translation>
    </message>
    <message>
        <source>Lists the application&apos;s triggers as NAME and CODE pairs.</source>
        <translation>Выводит триггеры приложения парами NAME и CODE.</translation>
    </message>
    <message>
        <source>Add application trigger</source>
        <translation>Добавить триггер приложения</translation>
    </message>
    <message>
        <source>crm.automation.trigger.add: register a trigger (an existing CODE is renamed).</source>
        <translation>crm.automation.trigger.add: зарегистрировать триггер (существующий CODE переименовывается).</translation>
    </message>
    <message>
        <source>Registers a trigger of your application; adding an existing CODE renames it.</source>
        <translation>Регистрирует триггер вашего приложения; добавление существующего CODE переименовывает его.</translation>
    </message>
    <message>
        <source>Trigger name</source>
        <translation>Название триггера</translation>
    </message>
    <message>
        <source>The name admins see in the automation rules editor.</source>
        <translation>Название, которое администраторы видят в редакторе роботов и триггеров.</translation>
    </message>
    <message>
        <source>No trigger name was given.</source>
        <translation>Название триггера не указано.</translation>
    </message>
    <message>
        <source>Set NAME to the name admins should see.</source>
        <translation>Укажите в NAME название, которое увидят администраторы.</translation>
    </message>
    <message>
        <source>Delete application trigger</source>
        <translation>Удалить триггер приложения</translation>
    </message>
    <message>
        <source>crm.automation.trigger.delete: remove a trigger your application registered.</source>
        <translation>crm.automation.trigger.delete: удалить триггер, зарегистрированный вашим приложением.</translation>
    </message>
    <message>
        <source>Deletes the application&apos;s trigger with this CODE.</source>
        <translation>Удаляет триггер приложения с этим CODE.</translation>
    </message>
    <message>
        <source>No trigger with this CODE is registered by this application.</source>
        <translation>Триггер с этим CODE этим приложением не зарегистрирован.</translation>
    </message>
    <message>
        <source>List the triggers (bitrix24.trigger.list) and use one of their codes.</source>
        <translation>Получите список триггеров (bitrix24.trigger.list) и используйте один из их кодов.</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Лид</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Сделка</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <source>Invoice (old)</source>
        <translation>Счёт (старый)</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Предложение</translation>
    </message>
    <message>
        <source>Requisite</source>
        <translation>Реквизит</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>B2E document</source>
        <translation>Документ B2E</translation>
    </message>
    <message>
        <source>{label} ({name})</source>
        <translation>{label} ({name})</translation>
    </message>
    <message>
        <source>Smart process (DYNAMIC_&lt;id&gt;)</source>
        <translation>Смарт-процесс (DYNAMIC_&lt;id&gt;)</translation>
    </message>
    <message>
        <source>must be TYPENAME_ID: an upper-case type name, an underscore and a number</source>
        <translation>должно быть TYPENAME_ID: имя типа заглавными буквами, подчёркивание и число</translation>
    </message>
    <message>
        <source>smart-process type ids start at {first}</source>
        <translation>id типов смарт-процессов начинаются с {first}</translation>
    </message>
    <message>
        <source>unknown type name {name} (known: {known}, or DYNAMIC_&lt;id&gt;)</source>
        <translation>неизвестное имя типа {name} (известны: {known} или DYNAMIC_&lt;id&gt;)</translation>
    </message>
    <message>
        <source>the item id after the underscore must be a positive number</source>
        <translation>id элемента после подчёркивания должен быть положительным числом</translation>
    </message>
    <message>
        <source>the item id after the underscore does not fit in 64 bits</source>
        <translation>id элемента после подчёркивания не помещается в 64 бита</translation>
    </message>
    <message>
        <source>may hold only letters a-z, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos;</source>
        <translation>может содержать только буквы a-z, цифры, &apos;.&apos;, &apos;-&apos; и &apos;_&apos;</translation>
    </message>
    <message>
        <source>must be a CRM owner type id (1 lead, 2 deal, 3 contact, 4 company, 5 invoice, 7 estimate, 8 requisite, 14 order, 31 invoice, 36 document, 39 B2E document) or a smart-process id of {first} or more</source>
        <translation>должно быть id типа объекта CRM (1 лид, 2 сделка, 3 контакт, 4 компания, 5 счёт, 7 предложение, 8 реквизит, 14 заказ, 31 счёт, 36 документ, 39 документ B2E) или id смарт-процесса от {first}</translation>
    </message>
    <message>
        <source>must be a positive whole number</source>
        <translation>должно быть целым положительным числом</translation>
    </message>
    <message>
        <source>must be a GUID: 8-4-4-4-12 hexadecimal digits</source>
        <translation>должно быть GUID: 8-4-4-4-12 шестнадцатеричных цифр</translation>
    </message>
    <message>
        <source>must be 1 to 100 characters long (got {length})</source>
        <translation>должно быть длиной от 1 до 100 символов (сейчас {length})</translation>
    </message>
    <message>
        <source>must be a positive whole number of milliseconds</source>
        <translation>должно быть целым положительным числом миллисекунд</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>не должно быть пустым</translation>
    </message>
    <message>
        <source>TYPENAME_ID, e.g. DEAL_57, LEAD_25 or DYNAMIC_128_5</source>
        <translation>TYPENAME_ID, например DEAL_57, LEAD_25 или DYNAMIC_128_5</translation>
    </message>
    <message>
        <source>letters a-z, digits, &apos;.&apos;, &apos;-&apos;, &apos;_&apos; (mask [a-z0-9.\-_])</source>
        <translation>буквы a-z, цифры, &apos;.&apos;, &apos;-&apos;, &apos;_&apos; (маска [a-z0-9.\-_])</translation>
    </message>
    <message>
        <source>an owner type id from the table, or a smart-process id &gt;= 128</source>
        <translation>id типа объекта из таблицы или id смарт-процесса &gt;= 128</translation>
    </message>
    <message>
        <source>a positive whole number</source>
        <translation>целое положительное число</translation>
    </message>
    <message>
        <source>a GUID such as fc81a355-3429-50fc-a4c7-def486e828f3</source>
        <translation>GUID, например fc81a355-3429-50fc-a4c7-def486e828f3</translation>
    </message>
    <message>
        <source>1 to 100 characters</source>
        <translation>от 1 до 100 символов</translation>
    </message>
    <message>
        <source>a positive whole number of milliseconds</source>
        <translation>целое положительное число миллисекунд</translation>
    </message>
    <message>
        <source>not empty</source>
        <translation>не пустое</translation>
    </message>
    <message>
        <source>must be a JSON object of key: value pairs</source>
        <translation>должно быть JSON-объектом из пар ключ: значение</translation>
    </message>
    <message>
        <source>key names may hold only A-Z, a-z, 0-9 and _</source>
        <translation>имена ключей могут содержать только A-Z, a-z, 0-9 и _</translation>
    </message>
    <message>
        <source>key names may not start with an underscore</source>
        <translation>имена ключей не могут начинаться с подчёркивания</translation>
    </message>
    <message>
        <source>array items must be objects</source>
        <translation>элементы массива должны быть объектами</translation>
    </message>
    <message>
        <source>key names may not hold control characters</source>
        <translation>имена ключей не могут содержать управляющие символы</translation>
    </message>
    <message>
        <source>properties of array items must be strings, numbers or booleans</source>
        <translation>свойства элементов массива должны быть строками, числами или логическими значениями</translation>
    </message>
    <message>
        <source>is null; values must be strings, numbers, booleans or arrays of objects</source>
        <translation>равно null; значения должны быть строками, числами, логическими значениями или массивами объектов</translation>
    </message>
    <message>
        <source>is an object; values must be strings, numbers, booleans or arrays of objects</source>
        <translation>является объектом; значения должны быть строками, числами, логическими значениями или массивами объектов</translation>
    </message>
    <message>
        <source>Wix refused an argument of the request.</source>
        <translation>Wix отклонил аргумент запроса.</translation>
    </message>
    <message>
        <source>Read the field violations below and correct those fields.</source>
        <translation>Прочитайте нарушения по полям ниже и исправьте эти поля.</translation>
    </message>
    <message>
        <source>The API key or token is missing, wrong or expired.</source>
        <translation>API-ключ или токен отсутствует, неверен или истёк.</translation>
    </message>
    <message>
        <source>Check the profile&apos;s key (or the app&apos;s id, secret and instance id) and try again.</source>
        <translation>Проверьте ключ профиля (или ID, секрет и ID экземпляра приложения) и повторите.</translation>
    </message>
    <message>
        <source>Permission denied.</source>
        <translation>Доступ запрещён.</translation>
    </message>
    <message>
        <source>Check the API key&apos;s permissions (it needs the automations scope) and that the profile&apos;s site id is the site the key belongs to.</source>
        <translation>Проверьте права API-ключа (нужны права на автоматизации) и что ID сайта в профиле — тот сайт, которому принадлежит ключ.</translation>
    </message>
    <message>
        <source>Wix found nothing at this address: no such trigger (id or key), or no such endpoint.</source>
        <translation>Wix ничего не нашёл по этому адресу: нет такого триггера (id или ключа) или такого адреса API.</translation>
    </message>
    <message>
        <source>Check the trigger id or key; copy it again from the automation&apos;s settings.</source>
        <translation>Проверьте id или ключ триггера; скопируйте его заново из настроек автоматизации.</translation>
    </message>
    <message>
        <source>The request conflicts with the current state.</source>
        <translation>Запрос противоречит текущему состоянию.</translation>
    </message>
    <message>
        <source>Check whether the event was already reported or cancelled.</source>
        <translation>Проверьте, не было ли событие уже отправлено или отменено.</translation>
    </message>
    <message>
        <source>A precondition failed.</source>
        <translation>Не выполнено предварительное условие.</translation>
    </message>
    <message>
        <source>Read the server&apos;s message below; the payload may not fit the trigger&apos;s schema.</source>
        <translation>Прочитайте сообщение сервера ниже; payload может не соответствовать схеме триггера.</translation>
    </message>
    <message>
        <source>Too many requests: Wix allows about 200 a minute per app instance.</source>
        <translation>Слишком много запросов: Wix допускает около 200 в минуту на экземпляр приложения.</translation>
    </message>
    <message>
        <source>Wait a minute and try again, or fire less often.</source>
        <translation>Подождите минуту и повторите или запускайте реже.</translation>
    </message>
    <message>
        <source>A required property is missing: the trigger key or the payload.</source>
        <translation>Не хватает обязательного свойства: ключа триггера или payload.</translation>
    </message>
    <message>
        <source>Set triggerKey and give a payload (an empty object {} if the trigger takes none).</source>
        <translation>Укажите triggerKey и передайте payload (пустой объект {}, если триггер его не принимает).</translation>
    </message>
    <message>
        <source>The payload does not fit the payload schema configured for this trigger.</source>
        <translation>payload не соответствует схеме, настроенной для этого триггера.</translation>
    </message>
    <message>
        <source>Compare the payload&apos;s keys and value types with the trigger&apos;s schema in the app dashboard and correct them.</source>
        <translation>Сравните ключи и типы значений payload со схемой триггера в панели приложения и исправьте их.</translation>
    </message>
    <message>
        <source>Wix denied permission: only the app that created a trigger can report or cancel its events, so this key or token is not that app&apos;s, or lacks the permission.</source>
        <translation>Wix отказал в доступе: отправлять и отменять события триггера может только создавшее его приложение, значит, этот ключ или токен не от того приложения или без нужного права.</translation>
    </message>
    <message>
        <source>Use an app-oauth profile for the app that owns this trigger key (an API key may not be accepted for this call), and check the app&apos;s permissions.</source>
        <translation>Используйте профиль app-oauth приложения, которому принадлежит этот ключ триггера (API-ключ для этого вызова может не подойти), и проверьте права приложения.</translation>
    </message>
    <message>
        <source>Trigger key</source>
        <translation>Ключ триггера</translation>
    </message>
    <message>
        <source>Trigger key as defined in your app&apos;s trigger configuration in the app dashboard.</source>
        <translation>Ключ триггера из настроек триггера вашего приложения в панели приложения.</translation>
    </message>
    <message>
        <source>Wix documents this call for the app that created the trigger; whether an API key is accepted is unconfirmed. If Wix answers 403, use an app-oauth profile.</source>
        <translation>Wix описывает этот вызов для приложения, создавшего триггер; принимается ли API-ключ, не подтверждено. Если Wix ответит 403, используйте профиль app-oauth.</translation>
    </message>
    <message>
        <source>Run custom trigger</source>
        <translation>Запустить пользовательский триггер</translation>
    </message>
    <message>
        <source>RunTrigger: run the automation behind a custom trigger.</source>
        <translation>RunTrigger: запустить автоматизацию пользовательского триггера.</translation>
    </message>
    <message>
        <source>Runs the automation associated with the trigger id. Find the id in the custom trigger&apos;s configuration in the automations builder.</source>
        <translation>Запускает автоматизацию, связанную с id триггера. id есть в настройках пользовательского триггера в конструкторе автоматизаций.</translation>
    </message>
    <message>
        <source>Trigger id</source>
        <translation>ID триггера</translation>
    </message>
    <message>
        <source>Trigger GUID from the custom trigger configuration in the automations builder.</source>
        <translation>GUID триггера из настроек пользовательского триггера в конструкторе автоматизаций.</translation>
    </message>
    <message>
        <source>Optional payload object; its schema is defined from sample data in the custom trigger configuration.</source>
        <translation>Необязательный объект payload; его схема задаётся примером данных в настройках пользовательского триггера.</translation>
    </message>
    <message>
        <source>Wix answers {} when the automation was started.</source>
        <translation>Wix отвечает {}, когда автоматизация запущена.</translation>
    </message>
    <message>
        <source>Report event</source>
        <translation>Отправить событие</translation>
    </message>
    <message>
        <source>ReportEvent: report an event and activate automations with a trigger key.</source>
        <translation>ReportEvent: отправить событие и запустить автоматизации по ключу триггера.</translation>
    </message>
    <message>
        <source>Reports an event and activates site automations with this trigger key. Only the app that created the trigger can report events for it. Give externalEntityId if you may need to cancel the event later.</source>
        <translation>Отправляет событие и запускает автоматизации сайта с этим ключом триггера. Отправлять события может только приложение, создавшее триггер. Укажите externalEntityId, если событие может понадобиться отменить.</translation>
    </message>
    <message>
        <source>External entity id</source>
        <translation>ID внешней сущности</translation>
    </message>
    <message>
        <source>GUID of the related resource (yours, or a Wix contact, member or invoice id). Required to cancel the event later.</source>
        <translation>GUID связанного ресурса (вашего или id контакта, участника или счёта Wix). Нужен, чтобы потом отменить событие.</translation>
    </message>
    <message>
        <source>Idempotency key</source>
        <translation>Ключ идемпотентности</translation>
    </message>
    <message>
        <source>A unique id for the event: repeated reports with the same key are ignored (kept for a week unless the TTL says otherwise).</source>
        <translation>Уникальный id события: повторные отправки с тем же ключом игнорируются (хранится неделю, если TTL не задаёт иное).</translation>
    </message>
    <message>
        <source>Idempotency TTL (ms)</source>
        <translation>TTL идемпотентности (мс)</translation>
    </message>
    <message>
        <source>How long the idempotency key is kept, in milliseconds. Default: a week.</source>
        <translation>Сколько хранится ключ идемпотентности, в миллисекундах. По умолчанию неделя.</translation>
    </message>
    <message>
        <source>Key: value pairs that must fit the trigger&apos;s payload schema. Keys: A-Z, a-z, 0-9, _ (not first). Values: strings, numbers, booleans, or arrays of flat objects.</source>
        <translation>Пары ключ: значение по схеме payload триггера. Ключи: A-Z, a-z, 0-9, _ (не первым). Значения: строки, числа, логические значения или массивы плоских объектов.</translation>
    </message>
    <message>
        <source>Wix answers {} or the ids of the automations it activated (activationIds). An empty answer can mean no automation uses this trigger yet.</source>
        <translation>Wix отвечает {} или id запущенных автоматизаций (activationIds). Пустой ответ может значить, что этот триггер пока не использует ни одна автоматизация.</translation>
    </message>
    <message>
        <source>Cancel event</source>
        <translation>Отменить событие</translation>
    </message>
    <message>
        <source>CancelEvent: cancel a reported event&apos;s pending automations.</source>
        <translation>CancelEvent: отменить ожидающие автоматизации отправленного события.</translation>
    </message>
    <message>
        <source>Cancels the automations still waiting for an event that was reported with this trigger key and externalEntityId.</source>
        <translation>Отменяет автоматизации, ещё ожидающие событие, отправленное с этим ключом триггера и externalEntityId.</translation>
    </message>
    <message>
        <source>The externalEntityId the event was reported with.</source>
        <translation>externalEntityId, с которым было отправлено событие.</translation>
    </message>
    <message>
        <source>Pending automations for this event are cancelled; ones already run are not undone.</source>
        <translation>Ожидающие автоматизации этого события отменены; уже выполненные не откатываются.</translation>
    </message>
    <message>
        <source>may not hold control characters (found {char})</source>
        <translation>не может содержать управляющие символы (найден {char})</translation>
    </message>
    <message>
        <source>holds bytes that are not UTF-8 text</source>
        <translation>содержит байты, которые не являются текстом UTF-8</translation>
    </message>
    <message>
        <source>an empty answer</source>
        <translation>пустым ответом</translation>
    </message>
    <message>
        <source>an HTML page</source>
        <translation>HTML-страницей</translation>
    </message>
    <message>
        <source>an answer that is not JSON</source>
        <translation>ответом не в JSON</translation>
    </message>
    <message>
        <source>The server answered {status} with {what}, not the platform&apos;s JSON.</source>
        <translation>Сервер ответил {status} {what}, а не JSON платформы.</translation>
    </message>
    <message>
        <source>Check the profile&apos;s address: it may point at a web page instead of the API.</source>
        <translation>Проверьте адрес в профиле: он может указывать на веб-страницу вместо API.</translation>
    </message>
    <message>
        <source>The server (or a proxy in front of it) failed with {status} and sent {what}.</source>
        <translation>Сервер (или прокси перед ним) ответил ошибкой {status} с {what}.</translation>
    </message>
    <message>
        <source>This is on the server side: retry later; if it persists, check the platform&apos;s status.</source>
        <translation>Проблема на стороне сервера: повторите позже; если не пройдёт, проверьте статус платформы.</translation>
    </message>
    <message>
        <source>The server answered {status} with {what}.</source>
        <translation>Сервер ответил {status} {what}.</translation>
    </message>
    <message>
        <source>Check the profile&apos;s address and credentials.</source>
        <translation>Проверьте адрес и учётные данные профиля.</translation>
    </message>
    <message>
        <source>Check the portal address in the profile (is it the portal&apos;s own URL?).</source>
        <translation>Проверьте адрес портала в профиле (это собственный адрес портала?).</translation>
    </message>
    <message>
        <source>{platform} accepted the call (HTTP {status}).</source>
        <translation>{platform} принял вызов (HTTP {status}).</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(без кода)</translation>
    </message>
    <message>
        <source>The platform answered HTTP {status} with an error Trigger Desk has no notes on: {code}.</source>
        <translation>Платформа ответила HTTP {status} с ошибкой, о которой в Trigger Desk нет заметок: {code}.</translation>
    </message>
    <message>
        <source>Read the server&apos;s message; search the platform&apos;s documentation for the code.</source>
        <translation>Прочитайте сообщение сервера; поищите код в документации платформы.</translation>
    </message>
    <message>
        <source>The platform answered HTTP {status} with an unusually large body.</source>
        <translation>Платформа ответила HTTP {status} с необычно большим телом.</translation>
    </message>
    <message>
        <source>Read the start of the response below; the platforms&apos; own errors are small JSON.</source>
        <translation>Прочитайте начало ответа ниже; собственные ошибки платформ — небольшой JSON.</translation>
    </message>
    <message>
        <source>The answer was {size} bytes, too large to inspect: judged by its HTTP status alone.</source>
        <translation>Ответ занимал {size} байт — слишком много для разбора: оценён только по HTTP-статусу.</translation>
    </message>
    <message>
        <source>{step} {note}</source>
        <translation>{step} {note}</translation>
    </message>
    <message>
        <source>The portal answered without &apos;result&apos; or &apos;error&apos;.</source>
        <translation>Портал ответил без &apos;result&apos; и без &apos;error&apos;.</translation>
    </message>
    <message>
        <source>Retry; if it repeats, check the portal address.</source>
        <translation>Повторите; если повторится, проверьте адрес портала.</translation>
    </message>
    <message>
        <source>profile is for {platform}, but {call} is a {call_platform} call; pick a {call_platform} profile.</source>
        <translation>профиль для {platform}, а {call} — вызов {call_platform}; выберите профиль {call_platform}.</translation>
    </message>
    <message>
        <source>profile uses auth &apos;{auth}&apos;, but {call} needs {kinds}: {reason}.</source>
        <translation>профиль использует авторизацию &apos;{auth}&apos;, а {call} требует {kinds}: {reason}.</translation>
    </message>
    <message>
        <source>profile uses auth &apos;{auth}&apos;, but {call} needs {kinds}.</source>
        <translation>профиль использует авторизацию &apos;{auth}&apos;, а {call} требует {kinds}.</translation>
    </message>
    <message>
        <source>{problem}. Example: {name}={example}</source>
        <translation>{problem}. Пример: {name}={example}</translation>
    </message>
    <message>
        <source>{problem}. Rule: {rule}. Example: {name}={example}</source>
        <translation>{problem}. Правило: {rule}. Пример: {name}={example}</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>должно быть целым числом</translation>
    </message>
    <message>
        <source>must be a whole number (digits 0-9), not {shown}</source>
        <translation>должно быть целым числом (цифры 0-9), а не {shown}</translation>
    </message>
    <message>
        <source>must be at most {limit} (a 64-bit number)</source>
        <translation>должно быть не больше {limit} (64-битное число)</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>обязательно</translation>
    </message>
    <message>
        <source>Inbound webhook</source>
        <translation>Входящий вебхук</translation>
    </message>
    <message>
        <source>Application OAuth</source>
        <translation>OAuth приложения</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <source>App OAuth</source>
        <translation>OAuth приложения Wix</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Успешно</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>Auth problem</source>
        <translation>Ошибка авторизации</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>Превышен лимит</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>Ошибка сервера</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>Ошибка сети</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Истекло время</translation>
    </message>
    <message>
        <source>Invalid input</source>
        <translation>Неверный ввод</translation>
    </message>
    <message>
        <source>the platform</source>
        <translation>платформа</translation>
    </message>
    <message>
        <source>Refused by {platform}</source>
        <translation>Отказ {platform}</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Не отправлен</translation>
    </message>
    <message>
        <source>{platform} answered</source>
        <translation>Ответ {platform}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Прерван</translation>
    </message>
    <message>
        <source>Sent; waiting for the answer.</source>
        <translation>Отправлен; ждём ответа.</translation>
    </message>
    <message>
        <source>No answer was recorded (the program stopped before the call finished). The platform may still have received the call.</source>
        <translation>Ответ не записан (программа остановилась до завершения вызова). Платформа могла всё же получить вызов.</translation>
    </message>
    <message>
        <source>No answer was recorded: the call was stopped before it finished. The platform may still have received it.</source>
        <translation>Ответ не записан: вызов остановлен до завершения. Платформа могла всё же его получить.</translation>
    </message>
    <message>
        <source>No answer recorded</source>
        <translation>Ответ не записан</translation>
    </message>
    <message>
        <source>Cancelled, no answer</source>
        <translation>Отменён, ответа нет</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>не дошло</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>не понадобилось</translation>
    </message>
    <message>
        <source>{figure}, did not complete</source>
        <translation>{figure}, не завершилось</translation>
    </message>
    <message>
        <source>Could not be saved to history: {error}.</source>
        <translation>Не удалось сохранить в историю: {error}.</translation>
    </message>
    <message>
        <source>Every call is recorded before it is sent, so nothing was sent.</source>
        <translation>Каждый вызов записывается до отправки, поэтому ничего не отправлено.</translation>
    </message>
    <message>
        <source>Not sent: {problem} {nothing_sent}</source>
        <translation>Не отправлен: {problem} {nothing_sent}</translation>
    </message>
    <message>
        <source>Let the other program finish or close it (or end its open transaction), then fire again.</source>
        <translation>Дождитесь, пока другая программа закончит, или закройте её (или завершите её открытую транзакцию), затем запустите снова.</translation>
    </message>
    <message>
        <source>Not sent: the call could not be recorded in history first. {problem} {nothing_sent}</source>
        <translation>Не отправлен: вызов не удалось сначала записать в историю. {problem} {nothing_sent}</translation>
    </message>
    <message>
        <source>Fire again once the history can be written.</source>
        <translation>Запустите снова, когда в историю снова можно будет писать.</translation>
    </message>
    <message>
        <source>The call history at {path} stayed locked for {waited} s: another program (another Trigger Desk window or command, or a tool such as sqlite3 or a backup with the file open for writing) is holding it.</source>
        <translation>История вызовов в {path} оставалась заблокированной {waited} с: её держит другая программа (другое окно или команда Trigger Desk либо инструмент вроде sqlite3 или резервного копирования, открывший файл на запись).</translation>
    </message>
    <message>
        <source>Using the sandbox already running at {url} (another window or `trigger-desk sandbox`).</source>
        <translation>Используется уже запущенная песочница по адресу {url} (другое окно или `trigger-desk sandbox`).</translation>
    </message>
    <message>
        <source>Port {port} is taken by another program ({reason}): the sandbox runs at {url} until you quit, and its profiles point there.</source>
        <translation>Порт {port} занят другой программой ({reason}): песочница работает по адресу {url}, пока вы не выйдете, и её профили указывают туда.</translation>
    </message>
    <message>
        <source>Sandbox running at {url}.</source>
        <translation>Песочница работает по адресу {url}.</translation>
    </message>
    <message>
        <source>Server request id</source>
        <translation>ID запроса на сервере</translation>
    </message>
    <message>
        <source>X-Request-ID (sent)</source>
        <translation>X-Request-ID (отправленный)</translation>
    </message>
    <message>
        <source>{step} If the trigger id is right, this site may serve {call} only at the Wix SDK&apos;s path ({path}): fire again with the SDK path (CLI: --sdk-path).</source>
        <translation>{step} Если id триггера верен, этот сайт может обслуживать «{call}» только по адресу SDK Wix ({path}): запустите снова с адресом SDK (в CLI: --sdk-path).</translation>
    </message>
    <message>
        <source>Windows-1251 (it is not valid UTF-8)</source>
        <translation>Windows-1251 (не UTF-8)</translation>
    </message>
    <message>
        <source> with BOM</source>
        <translation> с BOM</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>разделитель — запятая</translation>
    </message>
    <message>
        <source>semicolon-separated</source>
        <translation>разделитель — точка с запятой</translation>
    </message>
    <message>
        <source>{name}{bom}, {sep}</source>
        <translation>{name}{bom}, {sep}</translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>вставленного текста</translation>
    </message>
    <message>
        <source>{file} ({format})</source>
        <translation>{file} ({format})</translation>
    </message>
</context>
</TS>
